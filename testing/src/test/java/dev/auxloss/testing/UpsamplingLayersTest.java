package dev.auxloss.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.tf.gradients.TfGradients;
import dev.auxloss.tf.graph.TfVariableStore;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The layer kit's group norm, transposed convolution and bilinear resize: forward values against
 * plain-Java computations written here from the papers' and TF's definitions, and gradients (input
 * and variables) against finite differences. Every gradient comes from TF's C++ registry
 * (Conv2DBackpropInput, ResizeBilinear, the reductions); no custom gradient is involved.
 */
class UpsamplingLayersTest {
  private static final int B = 2;

  /** A model publishing {@code layer(kit, x)} as endpoint "y", x fed as input "x". */
  private static ModelFn model(BiFunction<Layers, Operand<TFloat32>, Operand<TFloat32>> layer) {
    return ctx -> ctx.publish("y", layer.apply(ctx.layers(), ctx.input("x", TFloat32.class)));
  }

  /** Σ y·r with a fixed random r: every output position weighs in the gradient differently. */
  private static AuxLoss weightedSum(int n) {
    float[] r = Ref.random(5, n, 1);
    return ctx -> {
      Operand<TFloat32> y = ctx.endpoint("y");
      Ops tf = ctx.tf();
      Operand<TFloat32> flat = tf.reshape(y, tf.constant(new long[] {-1}));
      return tf.reduceSum(tf.math.mul(flat, tf.constant(r)), tf.constant(0));
    };
  }

  /** Overwrites a model variable ({@code model/<name>}) in the harness's session. */
  private static void assign(LossHarness h, String name, float[] values, long... shape) {
    Ops tf = h.tf();
    var handle =
        h.graph().operation("vars/" + TfVariableStore.opName("model." + name.replace('/', '.')));
    var assign =
        tf.assignVariableOp(
            handle.output(0), tf.constant(Shape.of(shape), DataBuffers.of(values, true, false)));
    h.fetch(tf.withControlDependencies(List.of(assign)).identity(tf.constant(0f)));
  }

  // --- group norm

  /** Wu & He 2018, eq. (1)-(3): per example and group of C/G consecutive channels. */
  static float[] groupNormRef(float[] x, int b, int hw, int c, int g, float[] gamma, float[] beta) {
    float[] y = new float[x.length];
    int per = c / g;
    for (int n = 0; n < b; n++)
      for (int k = 0; k < g; k++) {
        double sum = 0, sq = 0;
        for (int p = 0; p < hw; p++)
          for (int ch = k * per; ch < (k + 1) * per; ch++) sum += x[(n * hw + p) * c + ch];
        double mean = sum / (hw * per);
        for (int p = 0; p < hw; p++)
          for (int ch = k * per; ch < (k + 1) * per; ch++) {
            double d = x[(n * hw + p) * c + ch] - mean;
            sq += d * d;
          }
        double inv = 1 / Math.sqrt(sq / (hw * per) + 1e-5);
        for (int p = 0; p < hw; p++)
          for (int ch = k * per; ch < (k + 1) * per; ch++) {
            int i = (n * hw + p) * c + ch;
            y[i] = (float) ((x[i] - mean) * inv * gamma[ch] + beta[ch]);
          }
      }
    return y;
  }

  @Test
  void groupNormNormalisesEachGroupOfEachExampleThenScalesPerChannel() {
    float[] x = Ref.random(1, B * 3 * 3 * 4, 2);
    float[] gamma = {0.5f, 2f, -1f, 1.5f};
    float[] beta = {0.1f, -0.2f, 0.3f, 0f};
    try (LossHarness h = new LossHarness()) {
      h.input("x", x, B, 3, 3, 4).model(model((l, in) -> l.groupNorm("gn", in, 2)));
      assertThat(h.endpointValue("y"))
          .containsExactly(
              groupNormRef(x, B, 9, 4, 2, new float[] {1, 1, 1, 1}, new float[4]), within(1e-5f));
      assign(h, "gn/gamma", gamma, 4);
      assign(h, "gn/beta", beta, 4);
      assertThat(h.endpointValue("y"))
          .containsExactly(groupNormRef(x, B, 9, 4, 2, gamma, beta), within(1e-5f));
    }
  }

  @Test
  void groupNormDefaultsTo32GroupsClippedToTheChannelsAndKeepsTheStaticShape() {
    float[] x = Ref.random(2, B * 2 * 2 * 3, 1);
    float[] ones = {1, 1, 1};
    try (LossHarness h = new LossHarness()) {
      h.input("x", x, B, 2, 2, 3).model(model((l, in) -> l.groupNorm("gn", in)));
      // 3 channels: min(32, 3) = 3 groups of one channel each (instance norm)
      assertThat(h.endpointValue("y"))
          .containsExactly(groupNormRef(x, B, 4, 3, 3, ones, new float[3]), within(1e-5f));
      AuxLoss shape =
          ctx -> {
            assertThat(ctx.endpoint("y").shape()).isEqualTo(Shape.of(B, 2, 2, 3));
            return ctx.tf().constant(0f);
          };
      h.value(shape);
    }
  }

  @Test
  void groupNormGradientsMatchFiniteDifferences() {
    float[] x = Ref.random(3, B * 2 * 3 * 4, 2);
    try (LossHarness h = new LossHarness()) {
      h.input("x", x, B, 2, 3, 4).model(model((l, in) -> l.groupNorm("gn", in, 2)));
      AuxLoss loss = weightedSum(B * 2 * 3 * 4);
      h.value(loss);
      assign(h, "gn/gamma", new float[] {0.5f, 2f, -1f, 1.5f}, 4);
      h.assertGradientMatches(loss, "x", 2e-2);
      VariableGradients.assertMatches(h, loss, "model/gn/gamma", 1e-2);
      VariableGradients.assertMatches(h, loss, "model/gn/beta", 1e-2);
    }
  }

  @Test
  void groupNormRejectsGroupsThatDoNotDivideTheChannels() {
    try (LossHarness h = new LossHarness()) {
      h.input("x", new float[B * 6], B, 1, 1, 6).model(model((l, in) -> l.groupNorm("gn", in, 4)));
      assertThatThrownBy(() -> h.endpointValue("y"))
          .hasMessageContaining(
              "layer 'gn': group norm needs the groups to divide the channels, found 4 groups for 6"
                  + " channels");
    }
  }

  // --- transposed convolution

  /**
   * The transpose of a SAME strided convolution: input pixel p spreads {@code x[p]·w[d]} to output
   * {@code p·s + d − padTop}, where the forward convolution from {@code out} to {@code in} pads
   * {@code max((in − 1)·s + k − out, 0)} in total, the smaller half on top/left.
   */
  static float[] convTransposeRef(
      float[] x,
      int b,
      int h,
      int w,
      int c,
      float[] kernel,
      float[] bias,
      int k,
      int s,
      int oh,
      int ow,
      int f) {
    int padTop = Math.max((h - 1) * s + k - oh, 0) / 2;
    int padLeft = Math.max((w - 1) * s + k - ow, 0) / 2;
    double[] y = new double[b * oh * ow * f];
    for (int n = 0; n < b; n++)
      for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
          for (int o = 0; o < f; o++) y[((n * oh + i) * ow + j) * f + o] = bias[o];
    for (int n = 0; n < b; n++)
      for (int p = 0; p < h; p++)
        for (int q = 0; q < w; q++)
          for (int di = 0; di < k; di++)
            for (int dj = 0; dj < k; dj++) {
              int i = p * s + di - padTop, j = q * s + dj - padLeft;
              if (i < 0 || i >= oh || j < 0 || j >= ow) continue;
              for (int o = 0; o < f; o++)
                for (int ch = 0; ch < c; ch++)
                  y[((n * oh + i) * ow + j) * f + o] +=
                      x[((n * h + p) * w + q) * c + ch] * kernel[((di * k + dj) * f + o) * c + ch];
            }
    float[] out = new float[y.length];
    for (int i = 0; i < y.length; i++) out[i] = (float) y[i];
    return out;
  }

  @Test
  void transposedConvolutionMultipliesTheSizeByTheStride() {
    float[] x = Ref.random(4, B * 2 * 3 * 2, 1);
    float[] bias = {0.5f, -0.25f, 1f};
    try (LossHarness h = new LossHarness()) {
      h.input("x", x, B, 2, 3, 2)
          .model(model((l, in) -> l.conv2dTranspose("up", in, 3, 3, 2, Activation.NONE)));
      AuxLoss shape =
          ctx -> {
            assertThat(ctx.endpoint("y").shape()).isEqualTo(Shape.of(B, 4, 6, 3));
            return ctx.tf().constant(0f);
          };
      h.value(shape);
      assign(h, "up/bias", bias, 3);
      float[] kernel = h.variable("model/up/kernel"); // [3, 3, 3 out, 2 in]
      assertThat(kernel).hasSize(3 * 3 * 3 * 2);
      assertThat(h.endpointValue("y"))
          .containsExactly(
              convTransposeRef(x, B, 2, 3, 2, kernel, bias, 3, 2, 4, 6, 3), within(1e-5f));
    }
  }

  @Test
  void transposedConvolutionToAnOddSizeUndoesASamePooling() {
    float[] x = Ref.random(6, B * 4 * 4 * 2, 1);
    try (LossHarness h = new LossHarness()) {
      h.input("x", x, B, 4, 4, 2)
          .model(model((l, in) -> l.conv2dTranspose("up", in, 2, 2, 2, 7, 7, Activation.RELU)));
      float[] y = h.endpointValue("y");
      float[] kernel = h.variable("model/up/kernel");
      float[] expected = convTransposeRef(x, B, 4, 4, 2, kernel, new float[2], 2, 2, 7, 7, 2);
      for (int i = 0; i < expected.length; i++) expected[i] = Math.max(0, expected[i]);
      assertThat(y).containsExactly(expected, within(1e-5f));
    }
    try (LossHarness h = new LossHarness()) {
      h.input("x", x, B, 4, 4, 2)
          .model(model((l, in) -> l.conv2dTranspose("up", in, 2, 2, 2, 9, 9, Activation.NONE)));
      assertThatThrownBy(() -> h.endpointValue("y"))
          .hasMessageContaining(
              "layer 'up': a stride-2 transposed convolution to 9x9 needs an input of 5x5, found"
                  + " shape [2, 4, 4, 2]");
    }
  }

  @Test
  void transposedConvolutionGradientsComeFromTfAndMatchFiniteDifferences() {
    assertThat(TfGradients.hasGradient("Conv2DBackpropInput")).isTrue();
    float[] x = Ref.random(7, B * 2 * 2 * 2, 1);
    try (LossHarness h = new LossHarness()) {
      h.input("x", x, B, 2, 2, 2)
          .model(model((l, in) -> l.conv2dTranspose("up", in, 2, 3, 2, Activation.NONE)));
      AuxLoss loss = weightedSum(B * 4 * 4 * 2);
      h.assertGradientMatches(loss, "x", 1e-2);
      VariableGradients.assertMatches(h, loss, "model/up/kernel", 1e-2);
      VariableGradients.assertMatches(h, loss, "model/up/bias", 1e-2);
    }
  }

  // --- bilinear resize

  @Test
  void bilinearResizeSamplesHalfPixelCentresAsTf2() {
    float[] x = Ref.random(8, B * 3 * 4 * 2, 1);
    try (LossHarness h = new LossHarness()) {
      h.input("x", x, B, 3, 4, 2).model(model((l, in) -> l.resizeBilinear(in, 7, 5)));
      assertThat(h.endpointValue("y"))
          .containsExactly(flat(Ref.resizeBilinear(Ref.nhwc(x, B, 3, 4, 2), 7, 5)), within(1e-5f));
    }
    try (LossHarness h = new LossHarness()) {
      h.input("x", x, B, 3, 4, 2).model(model((l, in) -> l.upsampleBilinear(in, 2)));
      assertThat(h.endpointValue("y"))
          .containsExactly(flat(Ref.resizeBilinear(Ref.nhwc(x, B, 3, 4, 2), 6, 8)), within(1e-5f));
    }
  }

  @Test
  void bilinearResizeGradientMatchesFiniteDifferences() {
    assertThat(TfGradients.hasGradient("ResizeBilinear")).isTrue();
    float[] x = Ref.random(9, B * 3 * 3 * 2, 1);
    try (LossHarness h = new LossHarness()) {
      h.input("x", x, B, 3, 3, 2).model(model((l, in) -> l.resizeBilinear(in, 5, 7)));
      h.assertGradientMatches(weightedSum(B * 5 * 7 * 2), "x", 1e-2);
    }
  }

  private static float[] flat(double[][][][] y) {
    double[][] rows = Ref.flatten(y);
    float[] out = new float[rows.length * rows[0].length];
    int i = 0;
    for (double[] r : rows) for (double v : r) out[i++] = (float) v;
    return out;
  }
}
