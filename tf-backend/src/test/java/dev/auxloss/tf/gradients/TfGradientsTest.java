package dev.auxloss.tf.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class TfGradientsTest {

  @Test
  void registerAllManyTimesUsesOneCallbackAndDoesNotCrash() {
    // every registration shares one native callback: 20 calls (and 15 op types) would be far
    // past JavaCPP's 10 callback slots otherwise
    for (int i = 0; i < 20; i++) {
      TfGradients.registerAll();
    }
    assertThat(TfGradients.registeredOpTypes())
        .contains("SparseSoftmaxCrossEntropyWithLogits", "ResourceGather", "TopKV2");
    for (String type : TfGradients.builtIns().keySet()) {
      assertThat(TfGradients.hasGradient(type)).as(type).isTrue();
    }
    // they still work afterwards, including the last one registered (past the 10th op type)
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", new float[] {0.2f, 1.5f, -0.3f}, 3);
      c.assertGradientMatches(c.weightedSum(c.tf.math.erfc(x)), x);
      Operand<TFloat32> max = c.tf.nn.nthElement(x, c.tf.constant(2));
      c.assertGradientMatches(c.tf.math.square(max), x);
    }
  }

  @Test
  void registerAllFromSeveralThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        done.add(pool.submit(TfGradients::registerAll));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(TfGradients.hasGradient("TopKV2")).isTrue();
  }

  @Test
  void typesWithAGradientAreNotOverridden() {
    TfGradients.registerAll();
    OpGradient other = (tf, op, dy) -> List.of(dy.get(0));
    assertThat(TfGradients.register("MatMul", other)).isFalse(); // TF's own
    assertThat(TfGradients.register("TopKV2", other)).isFalse(); // ours
    assertThat(TfGradients.registeredOpTypes()).doesNotContain("MatMul");
  }

  @Test
  void registerAddsAnOpTypeOnTheSharedCallback() {
    String type = "AuxlossTestOnlyOpType";
    OpGradient g = (tf, op, dy) -> List.of(dy.get(0));
    assertThat(TfGradients.register(type, g)).isTrue();
    assertThat(TfGradients.register(type, g)).isFalse();
    assertThat(TfGradients.hasGradient(type)).isTrue();
    assertThat(TfGradients.registeredOpTypes()).contains(type);
    assertThatThrownBy(() -> TfGradients.register("", g))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TfGradients.register("X", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailingGradientFailsAddGradientsWithoutCrashing() {
    TfGradients.registerAll();
    OpGradient original =
        TfGradients.swapForTest(
            "Erfc",
            (tf, op, dy) -> {
              throw new IllegalStateException("deliberately broken");
            });
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      Operand<TFloat32> y = tf.withName("broken_erfc").math.erfc(x);
      assertThatThrownBy(() -> g.addGradients(y.asOutput(), new Output<?>[] {x.output()}))
          .hasMessageContaining("Invalid gradient output index");
      assertThat(TfGradients.lastFailure())
          .hasValueSatisfying(
              m -> assertThat(m).contains("broken_erfc", "Erfc", "deliberately broken"));

      TfGradients.swapForTest("Erfc", original);
      // the same graph still takes gradients afterwards
      Output<?>[] ok = g.addGradients(y.asOutput(), new Output<?>[] {x.output()});
      assertThat(TfGradients.isNoGradient(ok[0])).isFalse();
    } finally {
      TfGradients.swapForTest("Erfc", original);
    }
  }

  @Test
  void dispatcherRejectsMalformedResultsAndRecordsNoGradientPositions() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.placeholder(TFloat32.class);
      Placeholder<TFloat32> b = tf.placeholder(TFloat32.class);
      GraphOperation add = (GraphOperation) tf.math.add(a, b).op();
      Output<?> dz = tf.onesLike(a).asOutput();

      GradientDispatcher wrongCount =
          new GradientDispatcher(java.util.Map.of("Add", (t, op, dy) -> List.of(dy.get(0))));
      assertThat(wrongCount.call(tf, add, List.of(dz))).isEmpty();
      assertThat(wrongCount.lastFailure()).contains("1 entries for an op with 2 inputs");

      GradientDispatcher withNull =
          new GradientDispatcher(
              java.util.Map.of("Add", (t, op, dy) -> java.util.Arrays.asList(dy.get(0), null)));
      assertThat(withNull.call(tf, add, List.of(dz))).isEmpty();
      assertThat(withNull.lastFailure()).contains("input 1 is null");

      GradientDispatcher throwing =
          new GradientDispatcher(
              java.util.Map.of(
                  "Add",
                  (t, op, dy) -> {
                    throw new ArithmeticException("boom");
                  }));
      assertThat(throwing.call(tf, add, List.of(dz))).isEmpty();
      assertThat(throwing.lastFailure()).contains("boom");
      assertThat(GradientDispatcher.takeNoGradientPositions()).isNull();

      GradientDispatcher unknown = new GradientDispatcher(java.util.Map.of());
      assertThat(unknown.call(tf, add, List.of(dz))).isEmpty();

      GradientDispatcher none =
          new GradientDispatcher(
              java.util.Map.of("Add", (t, op, dy) -> List.of(OpGradient.none(), dy.get(0))));
      List<Operand<?>> dx = none.call(tf, add, List.of(dz));
      assertThat(dx).hasSize(2).doesNotContainNull();
      assertThat(GradientDispatcher.takeNoGradientPositions()).containsExactly(0);
      assertThat(GradientDispatcher.takeNoGradientPositions()).isNull();
    }
  }

  @Test
  void theNoGradientMarkerIsNotATensor() {
    assertThatThrownBy(() -> OpGradient.none().asOutput())
        .isInstanceOf(IllegalStateException.class);
    assertThat(TfGradients.isNoGradient(null)).isTrue();
  }
}
