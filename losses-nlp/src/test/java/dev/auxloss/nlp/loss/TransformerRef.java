package dev.auxloss.nlp.loss;

import dev.auxloss.testing.Ref;
import java.util.function.Function;

/**
 * Reference of this module's transformer block in plain Java, built from the generic {@link Ref}
 * math.
 */
final class TransformerRef {
  private TransformerRef() {}

  /**
   * One pre-LN transformer block on a single sequence x [t, d] (Vaswani et al. 2017, pre-LN as in
   * GPT-2): x + Attn(LN₁(x)), then + FF₂(GELU(FF₁(LN₂(·)))), no dropout. Attention is causal and
   * skips keys whose {@code keyMask} is 0. {@code var} reads the block's variables by local name
   * ({@code ln1/gamma}, {@code attn/q/kernel}, {@code ff1/bias}...).
   */
  static float[] causalBlock(
      float[] x, int t, int d, int heads, int ff, float[] keyMask, Function<String, float[]> var) {
    int dh = d / heads;
    float[] n1 = Ref.layerNorm(x, t, d, var.apply("ln1/gamma"), var.apply("ln1/beta"));
    float[] q = Ref.dense(n1, t, d, var.apply("attn/q/kernel"), var.apply("attn/q/bias"), d);
    float[] k = Ref.dense(n1, t, d, var.apply("attn/k/kernel"), var.apply("attn/k/bias"), d);
    float[] v = Ref.dense(n1, t, d, var.apply("attn/v/kernel"), var.apply("attn/v/bias"), d);
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
    float[] a =
        Ref.dense(concat, t, d, var.apply("attn/out/kernel"), var.apply("attn/out/bias"), d);
    float[] r = new float[t * d];
    for (int i = 0; i < r.length; i++) r[i] = x[i] + a[i];
    float[] n2 = Ref.layerNorm(r, t, d, var.apply("ln2/gamma"), var.apply("ln2/beta"));
    float[] f =
        Ref.dense(
            Ref.gelu(Ref.dense(n2, t, d, var.apply("ff1/kernel"), var.apply("ff1/bias"), ff)),
            t,
            ff,
            var.apply("ff2/kernel"),
            var.apply("ff2/bias"),
            d);
    for (int i = 0; i < r.length; i++) r[i] += f[i];
    return r;
  }
}
