package dev.auxloss.testing;

import java.util.Random;

/**
 * Plain-Java reference math for loss tests: computed independently of TensorFlow, in double
 * precision, row-major like the tensors {@link LossHarness} feeds and returns. Each function
 * mirrors an op or a layer of the layer kit ({@code Layers.dense}, {@code conv2d}, {@code
 * layerNorm}...), so a test can recompute a loss or a head by hand and compare:
 *
 * <pre>{@code
 * float[] logits = {2, 1, 0, 0, 0, 0}; // [2, 3]
 * h.endpoint("logits", logits, 2, 3).label("label", new int[] {0, 2}, 2);
 * double expected = (Ref.crossEntropy(Ref.row(logits, 0, 3), 0, 0) + Ref.crossEntropy(Ref.row(logits, 1, 3), 2, 0)) / 2;
 * assertThat(h.value(loss)).isCloseTo((float) expected, within(1e-5f)); // 0.7531
 * }</pre>
 *
 * Where a test holds flat arrays, the flat overloads slice them and call the same function.
 */
public final class Ref {
  private Ref() {}

  /** log Σ exp(row), stable for large entries. */
  public static double logSumExp(double[] row) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : row) m = Math.max(m, v);
    double s = 0;
    for (double v : row) s += Math.exp(v - m);
    return m + Math.log(s);
  }

  /** log Σ exp of the {@code n} entries of {@code flat} from offset {@code from}. */
  public static double logSumExp(float[] flat, int from, int n) {
    return logSumExp(slice(flat, from, n));
  }

  /** Row {@code index} of a row-major [*, width] array. */
  public static double[] row(float[] flat, int index, int width) {
    return slice(flat, index * width, width);
  }

  /** Cross-entropy of softmax(row) against class {@code y} with label smoothing ε (0 for none). */
  public static double crossEntropy(double[] row, int y, double eps) {
    double lse = logSumExp(row);
    int k = row.length;
    double ce = 0;
    for (int c = 0; c < k; c++) {
      double target = (c == y ? 1 - eps : 0) + eps / k;
      ce -= target * (row[c] - lse);
    }
    return ce;
  }

  /** −log softmax(row)[y] of row {@code row} of a [*, width] array, no smoothing. */
  public static double crossEntropy(float[] logits, int row, int width, int y) {
    return crossEntropy(row(logits, row, width), y, 0);
  }

  /**
   * Binary cross-entropy of a logit against a target z in [0, 1]: softplus(x) − x·z, stable for
   * large |x|.
   */
  public static double bce(double logit, double z) {
    return Math.max(logit, 0) + Math.log1p(Math.exp(-Math.abs(logit))) - logit * z;
  }

  /** Entropy of softmax(row). */
  public static double entropy(double[] row) {
    double lse = logSumExp(row);
    double h = 0;
    for (double v : row) {
      double logp = v - lse;
      h -= Math.exp(logp) * logp;
    }
    return h;
  }

  /** Dense layer: x [n, in] · w [in, out] + b. */
  public static double[][] dense(double[][] x, float[] w, float[] b, int out) {
    int in = x[0].length;
    double[][] y = new double[x.length][out];
    for (int n = 0; n < x.length; n++) {
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int i = 0; i < in; i++) s += x[n][i] * w[i * out + o];
        y[n][o] = s;
      }
    }
    return y;
  }

  /** Dense layer on flat arrays: x [n, in] · w [in, out] + b, as float32 [n, out]. */
  public static float[] dense(float[] x, int n, int in, float[] w, float[] b, int out) {
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) rows[i] = row(x, i, in);
    double[][] y = dense(rows, w, b, out);
    float[] flat = new float[n * out];
    for (int i = 0; i < n; i++) for (int o = 0; o < out; o++) flat[i * out + o] = (float) y[i][o];
    return flat;
  }

  /**
   * Layer normalisation of each row of x [n, d] as the layer kit's: (x − mean)/√(var + 1e-5)·gamma
   * + beta.
   */
  public static float[] layerNorm(float[] x, int n, int d, float[] gamma, float[] beta) {
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

  /**
   * erf(x), Abramowitz &amp; Stegun 7.1.26 (|error| &lt; 1.5e-7, below float32 resolution here).
   */
  public static double erf(double x) {
    double t = 1 / (1 + 0.3275911 * Math.abs(x));
    double y =
        1
            - t
                * (0.254829592
                    + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-x * x);
    return x >= 0 ? y : -y;
  }

  /** Exact GELU, 0.5·x·(1 + erf(x/√2)) as {@code Activation.GELU}, applied in place. */
  public static float[] gelu(float[] x) {
    for (int i = 0; i < x.length; i++) x[i] = (float) (0.5 * x[i] * (1 + erf(x[i] / Math.sqrt(2))));
    return x;
  }

  /**
   * {@code n} Gaussian values of standard deviation {@code scale}, reproducible from {@code seed}:
   * test inputs.
   */
  public static float[] random(long seed, int n, double scale) {
    Random r = new Random(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) out[i] = (float) (r.nextGaussian() * scale);
    return out;
  }

  public static double[][] relu(double[][] x) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i].clone();
      for (int j = 0; j < y[i].length; j++) y[i][j] = Math.max(0, y[i][j]);
    }
    return y;
  }

  public static double sigmoid(double a) {
    return 1 / (1 + Math.exp(-a));
  }

  /** log σ(a), stable for large |a|. */
  public static double logSigmoid(double a) {
    return a >= 0 ? -Math.log1p(Math.exp(-a)) : a - Math.log1p(Math.exp(a));
  }

  /** NHWC tensor as [b][h][w][c] from a flat row-major array. */
  public static double[][][][] nhwc(float[] flat, int b, int h, int w, int c) {
    double[][][][] x = new double[b][h][w][c];
    int i = 0;
    for (int n = 0; n < b; n++)
      for (int y = 0; y < h; y++)
        for (int xx = 0; xx < w; xx++) for (int ch = 0; ch < c; ch++) x[n][y][xx][ch] = flat[i++];
    return x;
  }

  /** Average pooling, square window, VALID padding. */
  public static double[][][][] avgPool(double[][][][] x, int size, int stride) {
    int b = x.length, h = x[0].length, w = x[0][0].length, c = x[0][0][0].length;
    int oh = (h - size) / stride + 1, ow = (w - size) / stride + 1;
    double[][][][] y = new double[b][oh][ow][c];
    for (int n = 0; n < b; n++)
      for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
          for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int di = 0; di < size; di++)
              for (int dj = 0; dj < size; dj++) s += x[n][i * stride + di][j * stride + dj][ch];
            y[n][i][j][ch] = s / (size * size);
          }
    return y;
  }

  /** Convolution with a [k,k,in,out] kernel, stride 1, SAME padding (zeros), plus bias. */
  public static double[][][][] conv(
      double[][][][] x, float[] kernel, float[] bias, int k, int out) {
    int b = x.length, h = x[0].length, w = x[0][0].length, in = x[0][0][0].length;
    int pad = (k - 1) / 2;
    double[][][][] y = new double[b][h][w][out];
    for (int n = 0; n < b; n++)
      for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++)
          for (int o = 0; o < out; o++) {
            double s = bias[o];
            for (int di = 0; di < k; di++)
              for (int dj = 0; dj < k; dj++) {
                int yi = i + di - pad, xj = j + dj - pad;
                if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
                for (int ch = 0; ch < in; ch++)
                  s += x[n][yi][xj][ch] * kernel[((di * k + dj) * in + ch) * out + o];
              }
            y[n][i][j][o] = s;
          }
    return y;
  }

  public static double[][][][] relu(double[][][][] x) {
    double[][][][] y = new double[x.length][][][];
    for (int n = 0; n < x.length; n++) {
      y[n] = new double[x[n].length][x[n][0].length][];
      for (int i = 0; i < x[n].length; i++)
        for (int j = 0; j < x[n][0].length; j++) {
          y[n][i][j] = x[n][i][j].clone();
          for (int c = 0; c < y[n][i][j].length; c++) y[n][i][j][c] = Math.max(0, y[n][i][j][c]);
        }
    }
    return y;
  }

  /** [b][h][w][c] → [b][h·w·c] in row-major order. */
  public static double[][] flatten(double[][][][] x) {
    int h = x[0].length, w = x[0][0].length, c = x[0][0][0].length;
    double[][] y = new double[x.length][h * w * c];
    for (int n = 0; n < x.length; n++) {
      int i = 0;
      for (double[][] r : x[n]) for (double[] px : r) for (double v : px) y[n][i++] = v;
    }
    return y;
  }

  /** Mean over height and width: [b][h][w][c] → [b][c]. */
  public static double[][] globalAvgPool(double[][][][] x) {
    int h = x[0].length, w = x[0][0].length, c = x[0][0][0].length;
    double[][] y = new double[x.length][c];
    for (int n = 0; n < x.length; n++)
      for (double[][] r : x[n])
        for (double[] px : r) for (int ch = 0; ch < c; ch++) y[n][ch] += px[ch] / (h * w);
    return y;
  }

  /**
   * Bilinear resize with half-pixel centres, as TF's ResizeBilinear(half_pixel_centers=true): src =
   * (dst + 0.5)·in/out − 0.5, lower = max(floor(src), 0), upper = min(ceil(src), in − 1).
   */
  public static double[][][][] resizeBilinear(double[][][][] x, int oh, int ow) {
    int b = x.length, h = x[0].length, w = x[0][0].length, c = x[0][0][0].length;
    double[][][][] y = new double[b][oh][ow][c];
    for (int i = 0; i < oh; i++) {
      double sy = (i + 0.5) * h / oh - 0.5;
      int y0 = (int) Math.max(Math.floor(sy), 0), y1 = (int) Math.min(Math.ceil(sy), h - 1);
      double ly = sy - Math.floor(sy);
      for (int j = 0; j < ow; j++) {
        double sx = (j + 0.5) * w / ow - 0.5;
        int x0 = (int) Math.max(Math.floor(sx), 0), x1 = (int) Math.min(Math.ceil(sx), w - 1);
        double lx = sx - Math.floor(sx);
        for (int n = 0; n < b; n++)
          for (int ch = 0; ch < c; ch++) {
            double top = x[n][y0][x0][ch] + (x[n][y0][x1][ch] - x[n][y0][x0][ch]) * lx;
            double bot = x[n][y1][x0][ch] + (x[n][y1][x1][ch] - x[n][y1][x0][ch]) * lx;
            y[n][i][j][ch] = top + (bot - top) * ly;
          }
      }
    }
    return y;
  }

  private static double[] slice(float[] flat, int from, int n) {
    double[] r = new double[n];
    for (int i = 0; i < n; i++) r[i] = flat[from + i];
    return r;
  }
}
