package dev.auxloss.nlp.loss;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.tf.testing.LossHarness;
import java.util.Random;
import java.util.function.Function;
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

  /** erf(x), Abramowitz &amp; Stegun 7.1.26 (|error| &lt; 1.5e-7, below float32 resolution here). */
  static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
        * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  }

  /** Exact GELU, 0.5·x·(1 + erf(x/√2)), applied in place. */
  static float[] gelu(float[] x) {
    for (int i = 0; i < x.length; i++) x[i] = (float) (0.5 * x[i] * (1 + erf(x[i] / Math.sqrt(2))));
    return x;
  }

  /** Layer normalisation of each row of x [n, d]: (x − mean)/√(var + 1e-5)·gamma + beta. */
  static float[] layerNorm(float[] x, int n, int d, float[] gamma, float[] beta) {
    float[] y = new float[n * d];
    for (int i = 0; i < n; i++) {
      double mean = 0;
      for (int k = 0; k < d; k++) mean += x[i * d + k];
      mean /= d;
      double var = 0;
      for (int k = 0; k < d; k++) var += (x[i * d + k] - mean) * (x[i * d + k] - mean);
      var /= d;
      for (int k = 0; k < d; k++) {
        y[i * d + k] = (float) ((x[i * d + k] - mean) / Math.sqrt(var + 1e-5) * gamma[k] + beta[k]);
      }
    }
    return y;
  }

  /** softplus(x) − x·z: binary cross-entropy of a logit against a 0/1 target, stable for large |x|. */
  static double bce(double logit, double z) {
    return Math.max(logit, 0) + Math.log1p(Math.exp(-Math.abs(logit))) - logit * z;
  }

  /**
   * One pre-LN transformer block on a single sequence x [t, d] (Vaswani et al. 2017, pre-LN as in
   * GPT-2): x + Attn(LN₁(x)), then + FF₂(GELU(FF₁(LN₂(·)))), no dropout. Attention is causal and
   * skips keys whose {@code keyMask} is 0. {@code var} reads the block's variables by local name
   * ({@code ln1/gamma}, {@code attn/q/kernel}, {@code ff1/bias}...).
   */
  static float[] causalBlock(float[] x, int t, int d, int heads, int ff, float[] keyMask,
      Function<String, float[]> var) {
    int dh = d / heads;
    float[] n1 = layerNorm(x, t, d, var.apply("ln1/gamma"), var.apply("ln1/beta"));
    float[] q = dense(n1, t, d, var.apply("attn/q/kernel"), var.apply("attn/q/bias"), d);
    float[] k = dense(n1, t, d, var.apply("attn/k/kernel"), var.apply("attn/k/bias"), d);
    float[] v = dense(n1, t, d, var.apply("attn/v/kernel"), var.apply("attn/v/bias"), d);
    float[] concat = new float[t * d];
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < t; i++) {
        double[] p = new double[t];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < t; j++) {
          if (j > i || keyMask[j] == 0) {
            p[j] = Double.NEGATIVE_INFINITY;
            continue;
          }
          double s = 0;
          for (int c = 0; c < dh; c++) s += q[i * d + h * dh + c] * k[j * d + h * dh + c];
          p[j] = s / Math.sqrt(dh);
          max = Math.max(max, p[j]);
        }
        double z = 0;
        for (int j = 0; j < t; j++) z += p[j] = Math.exp(p[j] - max);
        for (int c = 0; c < dh; c++) {
          double o = 0;
          for (int j = 0; j < t; j++) o += p[j] / z * v[j * d + h * dh + c];
          concat[i * d + h * dh + c] = (float) o;
        }
      }
    }
    float[] a = dense(concat, t, d, var.apply("attn/out/kernel"), var.apply("attn/out/bias"), d);
    float[] r = new float[t * d];
    for (int i = 0; i < r.length; i++) r[i] = x[i] + a[i];
    float[] n2 = layerNorm(r, t, d, var.apply("ln2/gamma"), var.apply("ln2/beta"));
    float[] f = dense(gelu(dense(n2, t, d, var.apply("ff1/kernel"), var.apply("ff1/bias"), ff)), t, ff,
        var.apply("ff2/kernel"), var.apply("ff2/bias"), d);
    for (int i = 0; i < r.length; i++) r[i] += f[i];
    return r;
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
