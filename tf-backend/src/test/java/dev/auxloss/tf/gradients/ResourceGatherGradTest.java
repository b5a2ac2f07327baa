package dev.auxloss.tf.gradients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.AssignVariableOp;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.ResourceGather;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * ResourceGather's gradient flows to the resource handle: ask {@code addGradients} for the handle's
 * output. The finite differences here re-assign the variable for every evaluation.
 */
class ResourceGatherGradTest {
  private static final AtomicInteger IDS = new AtomicInteger();

  /** A resource variable with an assign-from-placeholder, for moving it around in tests. */
  private static final class Variable {
    final VarHandleOp handle;
    final Placeholder<TFloat32> value;
    final AssignVariableOp assign;
    final Shape shape;
    final float[] initial;

    Variable(GradientChecker c, float[] initial, long... dims) {
      this.shape = Shape.of(dims);
      this.initial = initial;
      handle =
          c.tf.varHandleOp(
              TFloat32.class, shape, VarHandleOp.sharedName("rg_" + IDS.incrementAndGet()));
      value = c.tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      assign = c.tf.assignVariableOp(handle, value);
    }

    void set(GradientChecker c, float[] v) {
      c.runTarget(assign, value, v, shape);
    }

    void assertGradientMatches(GradientChecker c, Operand<TFloat32> y) {
      set(c, initial);
      float[] analytic = c.analytic(y, handle);
      float[] numeric =
          GradientChecker.centralDifferences(
              initial,
              v -> {
                set(c, v);
                return c.fetch(y)[0];
              });
      set(c, initial);
      GradientChecker.assertClose(analytic, numeric, "resource variable");
    }
  }

  private static float[] range(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.1f * i - 0.7f;
    }
    return v;
  }

  @Test
  void denseGradientReachesTheHandleAndRepeatedRowsAddUp() {
    try (GradientChecker c = new GradientChecker()) {
      Variable v = new Variable(c, range(15), 5, 3);
      ResourceGather<TFloat32> rows =
          c.tf.resourceGather(
              v.handle, c.tf.constant(new int[][] {{0, 2}, {2, 4}}), TFloat32.class);
      assertThat(rows.shape()).isEqualTo(Shape.of(2, 2, 3));
      // square makes the gradient depend on the variable's value
      Operand<TFloat32> y = c.weightedSum(c.tf.math.square(rows));
      v.assertGradientMatches(c, y);

      v.set(c, v.initial);
      float[] g = c.analytic(c.tf.sum(rows, c.tf.constant(new int[] {0, 1, 2})), v.handle);
      // rows 1 and 3 are never gathered, row 2 twice
      assertThat(g).containsExactly(1, 1, 1, 0, 0, 0, 2, 2, 2, 0, 0, 0, 1, 1, 1);
    }
  }

  @Test
  void vectorVariableWithInt64Indices() {
    try (GradientChecker c = new GradientChecker()) {
      Variable v = new Variable(c, range(6), 6);
      Operand<TFloat32> picked =
          c.tf.resourceGather(v.handle, c.tf.constant(new long[] {5, 0, 5, 3}), TFloat32.class);
      v.assertGradientMatches(c, c.weightedSum(c.tf.math.exp(picked)));
    }
  }

  @Test
  void batchDims() {
    try (GradientChecker c = new GradientChecker()) {
      Variable v = new Variable(c, range(24), 2, 4, 3);
      Operand<TFloat32> picked =
          c.tf.resourceGather(
              v.handle,
              c.tf.constant(new int[][] {{0, 3, 3}, {1, 1, 2}}),
              TFloat32.class,
              ResourceGather.batchDims(1L));
      assertThat(picked.shape()).isEqualTo(Shape.of(2, 3, 3));
      v.assertGradientMatches(c, c.weightedSum(c.tf.math.square(picked)));
    }
  }

  @Test
  void gatherAndReadOfTheSameHandleAreSummed() {
    try (GradientChecker c = new GradientChecker()) {
      Variable v = new Variable(c, range(15), 5, 3);
      Operand<TFloat32> rows =
          c.tf.resourceGather(v.handle, c.tf.constant(new int[] {4, 1}), TFloat32.class);
      Operand<TFloat32> read = c.tf.readVariableOp(v.handle, TFloat32.class);
      Operand<TFloat32> y =
          c.tf.math.add(c.weightedSum(c.tf.math.square(rows)), c.weightedSum(read));
      v.assertGradientMatches(c, y);
    }
  }

  @Test
  void aReadThatTheLossDoesNotUseIsUnreachable() {
    // What TF does not allow: a gradient w.r.t. a ReadVariableOp when the loss reaches the
    // variable only through ResourceGather. Ask for the handle, or gather from the read (GatherV2).
    try (GradientChecker c = new GradientChecker()) {
      Variable v = new Variable(c, range(15), 5, 3);
      Operand<TFloat32> read = c.tf.readVariableOp(v.handle, TFloat32.class);
      Operand<TFloat32> y =
          c.weightedSum(
              c.tf.resourceGather(v.handle, c.tf.constant(new int[] {0, 1}), TFloat32.class));
      assertThatThrownBy(
              () -> c.graph.addGradients(y.asOutput(), new Output<?>[] {read.asOutput()}))
          .hasMessageContaining("unreachable");
    }
  }

  @Test
  void theIndicesGetNoGradient() {
    try (GradientChecker c = new GradientChecker()) {
      Variable v = new Variable(c, range(15), 5, 3);
      Placeholder<TInt64> idx = c.tf.placeholder(TInt64.class);
      Operand<TFloat32> y =
          c.tf.sum(
              c.tf.resourceGather(v.handle, idx, TFloat32.class), c.tf.constant(new int[] {0, 1}));
      Output<?>[] g = c.graph.addGradients(y.asOutput(), new Output<?>[] {idx.output()});
      assertThat(TfGradients.isNoGradient(g[0])).isTrue();
    }
  }
}
