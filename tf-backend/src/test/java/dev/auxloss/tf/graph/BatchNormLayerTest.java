package dev.auxloss.tf.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.layers.Var;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@link Layers#batchNorm}'s forward pass against the formula computed here: training mode
 * normalises with the batch's mean and biased variance, inference mode with the moving statistics;
 * the variables are what Keras makes (gamma, beta trainable; moving statistics not).
 */
class BatchNormLayerTest {
  private static final double EPS = 1e-3;

  private static float[] values(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (Math.sin(0.7 * i + 0.2) * 3 + i % 3);
    return v;
  }

  @ParameterizedTest(name = "rank {0}")
  @ValueSource(ints = {2, 4})
  void trainingModeUsesTheBatchStatistics(int rank) {
    long[] shape = rank == 4 ? new long[] {2, 2, 3, 3} : new long[] {6, 3};
    float[] x = values((int) Shape.of(shape).size());
    float[] gamma = {1.5f, 0.5f, -2f};
    float[] beta = {0.1f, 0.2f, -0.3f};
    float[] y = run(x, shape, true, gamma, beta, null, null);
    int c = 3;
    int n = x.length / c;
    for (int ch = 0; ch < c; ch++) {
      double m = 0;
      for (int i = 0; i < n; i++) m += x[i * c + ch];
      m /= n;
      double v = 0;
      for (int i = 0; i < n; i++) v += (x[i * c + ch] - m) * (x[i * c + ch] - m);
      v /= n;
      for (int i = 0; i < n; i++) {
        double want = (x[i * c + ch] - m) / Math.sqrt(v + EPS) * gamma[ch] + beta[ch];
        assertThat((double) y[i * c + ch]).as("y[%d]", i * c + ch).isCloseTo(want, within(1e-4));
      }
    }
  }

  @ParameterizedTest(name = "rank {0}")
  @ValueSource(ints = {2, 4})
  void inferenceModeUsesTheMovingStatistics(int rank) {
    long[] shape = rank == 4 ? new long[] {2, 2, 3, 3} : new long[] {6, 3};
    float[] x = values((int) Shape.of(shape).size());
    float[] gamma = {1.5f, 0.5f, -2f};
    float[] beta = {0.1f, 0.2f, -0.3f};
    float[] mean = {0.4f, -1f, 2f};
    float[] var = {2f, 0.5f, 3f};
    float[] y = run(x, shape, false, gamma, beta, mean, var);
    for (int i = 0; i < x.length; i++) {
      int ch = i % 3;
      double want = (x[i] - mean[ch]) / Math.sqrt(var[ch] + EPS) * gamma[ch] + beta[ch];
      assertThat((double) y[i]).as("y[%d]", i).isCloseTo(want, within(1e-4));
    }
  }

  @Test
  void makesKerasVariablesAndRegistersTheMovingStatisticsOnlyWhenTraining() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      TfVariableStore store = new TfVariableStore(tf, 1);
      Operand<TFloat32> x = tf.constant(new float[][] {{1, 2}, {3, 4}});
      new Layers(tf, store, "m", false, false, 1).batchNorm("bn", x);
      assertThat(store.stepUpdates()).isEmpty();
      new Layers(tf, store, "m", false, true, 1).batchNorm("bn", x);
      assertThat(store.all())
          .extracting(Var::name, Var::trainable)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("m/bn/gamma", true),
              org.assertj.core.groups.Tuple.tuple("m/bn/beta", true),
              org.assertj.core.groups.Tuple.tuple("m/bn/moving_mean", false),
              org.assertj.core.groups.Tuple.tuple("m/bn/moving_variance", false));
      assertThat(store.stepUpdates())
          .extracting(u -> u.var().name())
          .containsExactly("m/bn/moving_mean", "m/bn/moving_variance");
      assertThatThrownBy(
              () ->
                  new Layers(tf, store, "m", false, true, 1)
                      .batchNorm("bn3", tf.constant(new float[][][] {{{1}}})))
          .hasMessage("layer 'bn3' normalises [B,H,W,C] or [B,D], found shape [1, 1, 1]");
    }
  }

  /** The layer's output for {@code x}, its variables set to the given values (null: initial). */
  private static float[] run(
      float[] x,
      long[] shape,
      boolean training,
      float[] gamma,
      float[] beta,
      float[] mean,
      float[] var) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      TfVariableStore store = new TfVariableStore(tf, 1);
      Operand<TFloat32> in = tf.constant(Shape.of(shape), DataBuffers.of(x));
      Operand<TFloat32> y = new Layers(tf, store, "m", false, training, 1).batchNorm("bn", in);
      try (Session s = new Session(g)) {
        s.initialize();
        set(s, tf, store, "m/bn/gamma", gamma);
        set(s, tf, store, "m/bn/beta", beta);
        set(s, tf, store, "m/bn/moving_mean", mean);
        set(s, tf, store, "m/bn/moving_variance", var);
        try (Result r = s.runner().fetch(y).run()) {
          TFloat32 t = (TFloat32) r.get(0);
          assertThat(t.shape()).isEqualTo(Shape.of(shape));
          float[] out = new float[x.length];
          t.copyTo(DataBuffers.of(out, false, false));
          return out;
        }
      }
    }
  }

  private static void set(Session s, Ops tf, TfVariableStore store, String name, float[] v) {
    if (v == null) return;
    Var var = store.all().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    s.run(tf.assignVariableOp(var.handle(), tf.constant(v)));
  }
}
