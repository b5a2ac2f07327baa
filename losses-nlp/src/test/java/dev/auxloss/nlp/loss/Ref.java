package dev.auxloss.nlp.loss;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.tf.testing.LossHarness;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Plain-Java reference computations the loss tests compare against, and small test utilities. */
final class Ref {
  private Ref() {}

  static double logSumExp(float[] x, int from, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) m = Math.max(m, x[from + i]);
    double s = 0;
    for (int i = 0; i < n; i++) s += Math.exp(x[from + i] - m);
    return m + Math.log(s);
  }

  /** −log softmax(row)[target] of row {@code row} of a [*, n] array. */
  static double ce(float[] logits, int row, int n, int target) {
    return logSumExp(logits, row * n, n) - logits[row * n + target];
  }

  static float[] random(long seed, int n, double scale) {
    Random r = new Random(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) out[i] = (float) (r.nextGaussian() * scale);
    return out;
  }

  /** A variable's current value, by the layer-kit name (for example {@code heads/term/fwd/out/kernel}). */
  static float[] variable(LossHarness h, String name) {
    return h.variable(name);
  }

  /** y = x·W + b for x [n, in], W [in, out], b [out]. */
  static float[] dense(float[] x, int n, int in, float[] w, float[] b, int out) {
    float[] y = new float[n * out];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int k = 0; k < in; k++) s += x[i * in + k] * w[k * out + o];
        y[i * out + o] = (float) s;
      }
    }
    return y;
  }

  /**
   * A model that publishes fed float inputs as endpoints, pairs of (endpoint name, input name): the
   * harness cannot feed an endpoint whose name holds '/' directly (it becomes an op name).
   */
  static ModelFn publish(String... endpointThenInput) {
    return ctx -> {
      for (int i = 0; i < endpointThenInput.length; i += 2) {
        ctx.publish(endpointThenInput[i], ctx.tf().identity(ctx.input(endpointThenInput[i + 1], TFloat32.class)));
      }
    };
  }
}
