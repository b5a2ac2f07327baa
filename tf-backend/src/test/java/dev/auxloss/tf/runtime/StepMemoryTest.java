package dev.auxloss.tf.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class StepMemoryTest {
  /**
   * Under model/: a float [B,3,4] input (48 bytes an example), its square (48), an int64 [B,2]
   * (16); not counted: a float [B,3,4] outside model/, a [3,4] without a batch axis, a [B,?] of
   * unknown width.
   */
  private static Graph graph() {
    Graph g = new Graph();
    Ops tf = Ops.create(g);
    Ops model = tf.withSubScope("model");
    var x = model.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3, 4)));
    model.math.square(x);
    model.placeholder(TInt64.class, Placeholder.shape(Shape.of(-1, 2)));
    model.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 4)));
    model.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
    tf.math.square(tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 3, 4))));
    return g;
  }

  @Test
  void countsTheForwardPassOutputsThatScaleWithTheBatch() {
    try (Graph g = graph()) {
      assertThat(StepMemory.forwardBytesPerExample(g)).isEqualTo(48 + 48 + 16);
    }
  }

  @Test
  void aBatchIsRefusedWhenItsShareOfTheActivationsExceedsTheBudget() {
    try (Graph g = graph()) {
      // batch 10: 0.75 * 112 * 10 = 840 bytes
      assertThat(StepMemory.problem(g, 10, 840, "test budget")).isEmpty();
      assertThat(StepMemory.problem(g, 10, 839, "test budget"))
          .hasValueSatisfying(
              m ->
                  assertThat(m)
                      .contains(
                          "at batch 10 holds at least 840 bytes",
                          "112 bytes of activations an example",
                          "more than the budget of 839 bytes (test budget)",
                          "at most 9 fits"));
    }
  }

  @Test
  void readsTheAvailableMemoryOnLinux() {
    if (!java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/meminfo"))) return;
    assertThat(StepMemory.availableBytes().orElseThrow()).isPositive();
  }
}
