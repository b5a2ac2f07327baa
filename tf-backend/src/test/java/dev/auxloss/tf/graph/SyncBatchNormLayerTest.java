package dev.auxloss.tf.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.tf.gradients.TfGradients;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The synchronised batch-norm path ({@code sync_batch_norm}) in one process, with a local fake of
 * the all-reduce: a "second worker" holding exactly the same batch (the mean over the two is the
 * tensor itself, and so is its gradient). The global batch is then this batch twice: the output,
 * the moving statistics (count 2n in the unbiased variance) and the input gradient are checked
 * against that global batch computed here in double precision, the gradient by central finite
 * differences of the global loss with the twin's half held fixed. The real all-reduce and its
 * gradient run in {@code SyncBatchNormIT}.
 */
class SyncBatchNormLayerTest {
  private static final double EPS = Layers.BATCH_NORM_EPSILON;
  private static final double MOMENTUM = Layers.BATCH_NORM_MOMENTUM;
  private static final long[] SHAPE = {2, 2, 2, 3};
  private static final int C = 3;
  private static final int SIZE = 24;

  /** Two workers with identical batches: the mean over them is the tensor itself. */
  private static final GradientReducer TWINS =
      new GradientReducer() {
        @Override
        public Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
          return tf.identity(x);
        }

        @Override
        public int workers() {
          return 2;
        }
      };

  private static double x(int i) {
    return Math.sin(0.7 * i + 0.2) * 3 + i % C;
  }

  private static double r(int i) {
    return Math.cos(0.37 * i);
  }

  @Test
  void normalisesWithTheGlobalBatchAndDifferentiatesItsStatistics() {
    float[] xs = new float[SIZE];
    float[] rs = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      xs[i] = (float) x(i);
      rs[i] = (float) r(i);
    }
    List<float[]> got = new ArrayList<>();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      TfVariableStore store = new TfVariableStore(tf, 1);
      store.syncBatchStatistics(TWINS);
      assertThat(store.syncsBatchStatistics()).isTrue();
      Operand<TFloat32> in = tf.constant(Shape.of(SHAPE), DataBuffers.of(xs));
      Operand<TFloat32> y = new Layers(tf, store, "m", false, true, 1).batchNorm("bn", in);
      Operand<TFloat32> loss =
          tf.reduceSum(
              tf.math.mul(y, tf.constant(Shape.of(SHAPE), DataBuffers.of(rs))),
              tf.constant(new int[] {0, 1, 2, 3}));
      TfGradients.registerAll();
      Output<?> dx = g.addGradients(loss.asOutput(), new Output<?>[] {in.asOutput()})[0];
      List<TfVariableStore.StepUpdate> updates = store.stepUpdates();
      try (Session s = new Session(g)) {
        s.initialize();
        try (Result res =
            s.runner()
                .fetch(y)
                .fetch(dx)
                .fetch(updates.get(0).next())
                .fetch(updates.get(1).next())
                .run()) {
          for (int k = 0; k < 4; k++) {
            TFloat32 t = (TFloat32) res.get(k);
            float[] v = new float[(int) t.shape().size()];
            t.copyTo(DataBuffers.of(v, false, false));
            got.add(v);
          }
        }
      }
    }
    double[] global = new double[2 * SIZE];
    for (int i = 0; i < 2 * SIZE; i++) global[i] = x(i % SIZE);
    double[] want = normalise(global);
    double[][] m = moments(global);
    double n = 2.0 * SIZE / C;
    for (int i = 0; i < SIZE; i++) {
      assertThat((double) got.get(0)[i]).as("y[%d]", i).isCloseTo(want[i], within(1e-5));
      assertThat((double) got.get(1)[i])
          .as("dL/dx[%d]", i)
          .isCloseTo(finiteDifference(global, i), within(1e-4));
    }
    for (int c = 0; c < C; c++) {
      assertThat((double) got.get(2)[c]).isCloseTo((1 - MOMENTUM) * m[0][c], within(1e-6));
      assertThat((double) got.get(3)[c])
          .isCloseTo(MOMENTUM + (1 - MOMENTUM) * m[1][c] * n / (n - 1), within(1e-6));
    }
  }

  @Test
  void aOneWorkerReducerKeepsEachBatchsOwnStatistics() {
    try (Graph g = new Graph()) {
      TfVariableStore store = new TfVariableStore(Ops.create(g), 1);
      store.syncBatchStatistics(GradientReducer.LOCAL);
      assertThat(store.syncsBatchStatistics()).isFalse();
    }
  }

  private static double[][] moments(double[] x) {
    double[] mean = new double[C];
    double[] var = new double[C];
    int n = x.length / C;
    for (int i = 0; i < x.length; i++) mean[i % C] += x[i] / n;
    for (int i = 0; i < x.length; i++)
      var[i % C] += (x[i] - mean[i % C]) * (x[i] - mean[i % C]) / n;
    return new double[][] {mean, var};
  }

  private static double[] normalise(double[] x) {
    double[][] m = moments(x);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = (x[i] - m[0][i % C]) / Math.sqrt(m[1][i % C] + EPS);
    return y;
  }

  /** d/dx_i of Σ y·r over the global batch, the twin's half (and its r) held fixed. */
  private static double finiteDifference(double[] global, int i) {
    double h = 1e-5;
    double[] plus = global.clone();
    double[] minus = global.clone();
    plus[i] += h;
    minus[i] -= h;
    return (loss(plus) - loss(minus)) / (2 * h);
  }

  private static double loss(double[] global) {
    double[] y = normalise(global);
    double s = 0;
    for (int i = 0; i < y.length; i++) s += y[i] * r(i % SIZE);
    return s;
  }
}
