package dev.auxloss.vision.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.OneRun;
import dev.auxloss.testing.Ref;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** vision.rotation, vision.reconstruction and vision.nt_xent. */
class SelfSupervisedLossesTest {
  private static final int B = 2, S = 3;

  /** Features = the flattened image: no variables, so the whole loss can be recomputed by hand. */
  private static final ModelFn PIXELS =
      ctx -> ctx.publish("features", ctx.layers().flatten(ctx.input("image", TFloat32.class)));

  private static float[] uniform(int n, long seed, double lo, double hi) {
    Random r = new Random(seed);
    float[] f = new float[n];
    for (int i = 0; i < n; i++) f[i] = (float) (lo + (hi - lo) * r.nextDouble());
    return f;
  }

  /** numpy.rot90(img, k) of one S×S single-channel image. */
  private static double[] rot90(float[] images, int b, int k) {
    double[] out = new double[S * S];
    for (int i = 0; i < S; i++)
      for (int j = 0; j < S; j++) {
        int si, sj;
        switch (k) {
          case 0 -> {
            si = i;
            sj = j;
          }
          case 1 -> {
            si = j;
            sj = S - 1 - i;
          }
          case 2 -> {
            si = S - 1 - i;
            sj = S - 1 - j;
          }
          default -> {
            si = S - 1 - j;
            sj = i;
          }
        }
        out[i * S + j] = images[b * S * S + si * S + sj];
      }
    return out;
  }

  @Test
  void rotationPredictionRecomputedByHandOnAllExamples() {
    float[] img = uniform(B * S * S, 1, 0, 1);
    for (float[] mask : new float[][] {{1, 1}, {0, 0}}) {
      try (LossHarness h =
          new LossHarness().model(PIXELS).input("image", img, B, S, S, 1).mask(mask)) {
        float value = h.value(new RotationLoss());
        float[] w = h.variable("heads/term/rotation/classifier/kernel");
        float[] bias = h.variable("heads/term/rotation/classifier/bias");
        double sum = 0;
        for (int k = 0; k < 4; k++)
          for (int b = 0; b < B; b++)
            sum +=
                Ref.crossEntropy(Ref.dense(new double[][] {rot90(img, b, k)}, w, bias, 4)[0], k, 0);
        assertThat(value)
            .as("mask %s", java.util.Arrays.toString(mask))
            .isCloseTo((float) (sum / (4 * B)), within(1e-5f));
      }
    }
  }

  /**
   * Class scores = the first 3 pixels: the rotated copies' classification is recomputable by hand.
   */
  private static final ModelFn PIXELS_AND_SCORES =
      ctx -> {
        Operand<TFloat32> f = ctx.layers().flatten(ctx.input("image", TFloat32.class));
        ctx.publish("features", f);
        ctx.output(
            "logits",
            ctx.tf()
                .slice(
                    f, ctx.tf().constant(new int[] {0, 0}), ctx.tf().constant(new int[] {-1, 3})));
      };

  /**
   * S4L: with classify_rotated the term adds the masked mean cross-entropy of the rotated copies'
   * class scores against their image's label (rotations 90°, 180°, 270° of labelled images only).
   */
  @Test
  void classifyRotatedAddsS4lsClassificationOfTheRotatedLabelledCopies() {
    float[] img = uniform(B * S * S, 4, 0, 1);
    int[] labels = {2, 0};
    float[] mask = {1, 0};
    try (LossHarness h =
        new LossHarness()
            .model(PIXELS_AND_SCORES)
            .input("image", img, B, S, S, 1)
            .label("label", labels, B)
            .mask(mask)) {
      RotationLoss loss =
          (RotationLoss) FromConfig.loss(RotationLoss.FACTORY, "classify_rotated", true);
      float value = h.value(loss);
      float[] w = h.variable("heads/term/rotation/classifier/kernel");
      float[] bias = h.variable("heads/term/rotation/classifier/bias");
      double rotation = 0;
      for (int k = 0; k < 4; k++)
        for (int b = 0; b < B; b++)
          rotation +=
              Ref.crossEntropy(Ref.dense(new double[][] {rot90(img, b, k)}, w, bias, 4)[0], k, 0);
      double classification = 0;
      int labelled = 0;
      for (int k = 1; k < 4; k++)
        for (int b = 0; b < B; b++) {
          if (mask[b] == 0) continue;
          classification +=
              Ref.crossEntropy(java.util.Arrays.copyOf(rot90(img, b, k), 3), labels[b], 0);
          labelled++;
        }
      assertThat(value)
          .isCloseTo((float) (rotation / (4 * B) + classification / labelled), within(1e-5f));
      assertThat(h.value(new RotationLoss()))
          .as("without it: rotation prediction alone")
          .isCloseTo((float) (rotation / (4 * B)), within(1e-5f));
    }
    try (LossHarness h =
        new LossHarness()
            .model(PIXELS_AND_SCORES)
            .input("image", img, B, S, S, 1)
            .label("label", labels, B)
            .mask(mask)) {
      h.assertGradientMatches(
          FromConfig.loss(RotationLoss.FACTORY, "classify_rotated", true), "image", 2e-2);
    }
  }

  @Test
  void rotationGradientFlowsThroughTheRotatedPassIntoTheImage() {
    try (LossHarness h =
        new LossHarness().model(PIXELS).input("image", uniform(B * S * S, 2, 0, 1), B, S, S, 1)) {
      h.assertGradientMatches(new RotationLoss("image", "features", 5), "image", 2e-2);
    }
  }

  @Test
  void rotatedPassSharesTheModelWeights() {
    ModelFn conv =
        ctx -> {
          var l = ctx.layers();
          ctx.publish(
              "features",
              l.globalAvgPool(
                  l.conv2d("conv", ctx.input("image", TFloat32.class), 4, 3, 1, Activation.RELU)));
        };
    try (LossHarness h =
        new LossHarness().model(conv).input("image", uniform(B * 16, 3, 0, 1), B, 4, 4, 1)) {
      assertThat(h.value(new RotationLoss())).isFinite();
      int modelVariables = 0;
      for (Iterator<GraphOperation> it = h.graph().operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().equals("VarHandleOp") && op.name().contains("model")) modelVariables++;
      }
      assertThat(modelVariables)
          .as("conv kernel + bias, created once for both passes")
          .isEqualTo(2);
    }
  }

  @Test
  void rotationNeedsSquareImages() {
    try (LossHarness h =
        new LossHarness().model(PIXELS).input("image", new float[B * 6], B, 2, 3, 1)) {
      assertThatThrownBy(() -> h.value(new RotationLoss()))
          .hasMessage("vision.rotation: input 'image' must be square to rotate by 90°, found 2×3");
    }
  }

  @Test
  void reconstructionFromAVectorAndFromAMap() {
    float[] img = uniform(B * 16, 4, 0, 1);
    float[] vec = uniform(B * 5, 5, -1, 1);
    float[] map = uniform(B * 2 * 2 * 3, 6, -1, 1);
    try (LossHarness h =
        new LossHarness().input("image", img, B, 4, 4, 1).endpoint("vec", vec, B, 5)) {
      ReconstructionLoss loss = new ReconstructionLoss("vec", "image", 6);
      float value = h.value(loss);
      double[][] x = new double[][] {Ref.row(vec, 0, 5), Ref.row(vec, 1, 5)};
      double[][] hid =
          Ref.relu(
              Ref.dense(
                  x, h.variable("decoder/hidden/kernel"), h.variable("decoder/hidden/bias"), 6));
      double[][] out =
          Ref.dense(hid, h.variable("decoder/out/kernel"), h.variable("decoder/out/bias"), 16);
      double se = 0;
      for (int b = 0; b < B; b++)
        for (int i = 0; i < 16; i++) se += Math.pow(Ref.sigmoid(out[b][i]) - img[b * 16 + i], 2);
      assertThat(value).isCloseTo((float) (se / (B * 16)), within(1e-5f));
      h.assertGradientMatches(loss, "vec", 1e-2);
    }
    try (LossHarness h =
        new LossHarness().input("image", img, B, 4, 4, 1).endpoint("map", map, B, 2, 2, 3)) {
      ReconstructionLoss loss = new ReconstructionLoss("map", "image", 4);
      float value = h.value(loss);
      double[][][][] up = Ref.resizeBilinear(Ref.nhwc(map, B, 2, 2, 3), 4, 4);
      double[][][][] hid =
          Ref.relu(
              Ref.conv(
                  up,
                  h.variable("decoder/hidden/kernel"),
                  h.variable("decoder/hidden/bias"),
                  3,
                  4));
      double[][] out =
          Ref.flatten(
              Ref.conv(
                  hid, h.variable("decoder/out/kernel"), h.variable("decoder/out/bias"), 3, 1));
      double se = 0;
      for (int b = 0; b < B; b++)
        for (int i = 0; i < 16; i++) se += Math.pow(Ref.sigmoid(out[b][i]) - img[b * 16 + i], 2);
      assertThat(value).isCloseTo((float) (se / (B * 16)), within(1e-5f));
      h.assertGradientMatches(loss, "map", 1e-2);
    }
  }

  /** Reference NT-Xent / SupCon on raw projections z [2N][d]. */
  private static double contrastive(double[][] z, int[] labels, float[] mask, double tau) {
    int n2 = z.length, n = n2 / 2;
    double[][] u = new double[n2][];
    for (int i = 0; i < n2; i++) {
      double norm = 0;
      for (double v : z[i]) norm += v * v;
      u[i] = new double[z[i].length];
      for (int k = 0; k < z[i].length; k++) u[i][k] = z[i][k] / Math.sqrt(norm);
    }
    double total = 0;
    for (int i = 0; i < n2; i++) {
      double[] s = new double[n2 - 1];
      double[] all = new double[n2];
      for (int j = 0, c = 0; j < n2; j++) {
        double d = 0;
        for (int k = 0; k < u[i].length; k++) d += u[i][k] * u[j][k];
        all[j] = d / tau;
        if (j != i) s[c++] = d / tau;
      }
      double lse = Ref.logSumExp(s);
      double sum = 0;
      int count = 0;
      for (int j = 0; j < n2; j++) {
        boolean pos =
            j == (i + n) % n2
                || (labels != null
                    && j != i
                    && labels[i] == labels[j]
                    && mask[i] == 1
                    && mask[j] == 1);
        if (pos) {
          sum += all[j] - lse;
          count++;
        }
      }
      total += -sum / count;
    }
    return total / n2;
  }

  @Test
  void ntXentAndSupConCoreMatchTheFormula() {
    float[] z = uniform(6 * 3, 7, -1, 1);
    int[] labels = {1, 0, 1, 1, 0, 1};
    float[] mask = {1, 1, 0, 1, 1, 0};
    double[][] zz = new double[6][];
    for (int i = 0; i < 6; i++) zz[i] = Ref.row(z, i, 3);
    AuxLoss simclr = ctx -> NtXentLoss.contrastive(ctx.tf(), ctx.endpoint("z"), null, null, 0.5);
    AuxLoss supcon =
        ctx ->
            NtXentLoss.contrastive(
                ctx.tf(),
                ctx.endpoint("z"),
                ctx.label("labels", TInt32.class),
                ctx.input("m", TFloat32.class),
                0.1);
    try (LossHarness h =
        new LossHarness()
            .endpoint("z", z, 6, 3)
            .label("labels", labels, 6)
            .labelFloats("m", mask, 6)) {
      assertThat(h.value(simclr))
          .isCloseTo((float) contrastive(zz, null, null, 0.5), within(1e-5f));
      assertThat(h.value(supcon))
          .isCloseTo((float) contrastive(zz, labels, mask, 0.1), within(1e-4f));
      h.assertGradientMatches(simclr, "z", 2e-2);
      h.assertGradientMatches(supcon, "z", 2e-2);
    }
  }

  @Test
  void ntXentOnIdentityViewsRecomputedByHand() {
    // min_crop 1 and no jitter make both views the image up to a flip; mean over the width is
    // flip-invariant
    ModelFn rowMeans =
        ctx -> {
          var tf = ctx.tf();
          var img = ctx.input("image", TFloat32.class);
          ctx.publish(
              "features",
              tf.reshape(tf.math.mean(img, tf.constant(2)), tf.constant(new int[] {-1, 4})));
        };
    float[] img = uniform(3 * 16, 8, 0.1, 0.9);
    NtXentLoss loss = new NtXentLoss("image", "features", 0.5, false, "label", 3, 0, 1.0, 0.0);
    try (LossHarness h = new LossHarness().model(rowMeans).input("image", img, 3, 4, 4, 1)) {
      float value = h.value(loss);
      double[][] f = new double[6][4];
      for (int v = 0; v < 2; v++)
        for (int b = 0; b < 3; b++)
          for (int i = 0; i < 4; i++) {
            double s = 0;
            for (int j = 0; j < 4; j++) s += img[b * 16 + i * 4 + j];
            f[v * 3 + b][i] = s / 4;
          }
      double[][] hid =
          Ref.relu(
              Ref.dense(
                  f,
                  h.variable("projection/hidden/kernel"),
                  h.variable("projection/hidden/bias"),
                  4));
      double[][] z =
          Ref.dense(hid, h.variable("projection/out/kernel"), h.variable("projection/out/bias"), 3);
      assertThat(value).isCloseTo((float) contrastive(z, null, null, 0.5), within(1e-4f));
    }
  }

  /**
   * With random views (crop, flip, jitter) the loss cannot be predicted from the image, so the
   * views and the projections z are fetched in the same Session.run as the loss: z must be the
   * shared conv model + projection head recomputed on the fetched views, and the loss NT-Xent at
   * SimCLR's τ = 0.5 recomputed from z (τ = 0.1 would give another value). Each run draws new
   * views.
   */
  @Test
  void ntXentWithRandomViewsIsTheFormulaOnTheRunsOwnProjections() {
    ModelFn conv =
        ctx -> {
          var l = ctx.layers();
          ctx.publish(
              "features",
              l.globalAvgPool(
                  l.conv2d("conv", ctx.input("image", TFloat32.class), 8, 3, 1, Activation.RELU)));
        };
    int n = 4, d = NtXentLoss.PROJECTION_DIM.defaultValue();
    float[] img = uniform(n * 64, 9, 0, 1);
    try (LossHarness h = new LossHarness().model(conv).input("image", img, n, 8, 8, 1)) {
      Operand<TFloat32> y = h.build(NtXentLoss.defaults(false));
      Operand<TFloat32> views =
          OneRun.single(
              h,
              y,
              "view batch [2N,8,8,1]",
              op ->
                  op.type().equals("ConcatV2")
                      && op.output(0).shape().equals(Shape.of(2 * n, 8, 8, 1)));
      Operand<TFloat32> z =
          OneRun.single(
              h,
              y,
              "projection [2N,128]",
              op -> op.type().equals("BiasAdd") && op.output(0).shape().equals(Shape.of(2 * n, d)));
      float[] kernel = h.variable("conv/kernel"), bias = h.variable("conv/bias");
      float previous = Float.NaN;
      for (int run = 0; run < 2; run++) {
        List<float[]> out = OneRun.fetch(h, List.of(y, views, z));
        float value = out.get(0)[0];
        float[] v = out.get(1);
        double[][] zz = new double[2 * n][];
        for (int i = 0; i < 2 * n; i++) zz[i] = Ref.row(out.get(2), i, d);

        // both views of every image went through the model's weights and the projection head
        double[][] f =
            Ref.globalAvgPool(Ref.relu(Ref.conv(Ref.nhwc(v, 2 * n, 8, 8, 1), kernel, bias, 3, 8)));
        double[][] hid =
            Ref.relu(
                Ref.dense(
                    f,
                    h.variable("projection/hidden/kernel"),
                    h.variable("projection/hidden/bias"),
                    8));
        double[][] zRef =
            Ref.dense(
                hid, h.variable("projection/out/kernel"), h.variable("projection/out/bias"), d);
        for (int i = 0; i < 2 * n; i++)
          for (int k = 0; k < d; k++)
            assertThat(zz[i][k])
                .as("run %d z[%d][%d]", run, i, k)
                .isCloseTo(zRef[i][k], within(1e-4 * (1 + Math.abs(zRef[i][k]))));
        // the two views of an image are different augmentations
        for (int b = 0; b < n; b++) {
          double diff = 0;
          for (int k = 0; k < 64; k++) diff += Math.abs(v[b * 64 + k] - v[(n + b) * 64 + k]);
          assertThat(diff).as("run %d: views of image %d differ", run, b).isGreaterThan(1e-3);
        }

        double expected = contrastive(zz, null, null, 0.5);
        assertThat((double) value)
            .as("run %d", run)
            .isCloseTo(expected, within(1e-4 * (1 + expected)));
        assertThat(Math.abs(expected - contrastive(zz, null, null, 0.1)))
            .as("τ matters here")
            .isGreaterThan(1e-2);
        if (run > 0) assertThat(value).as("new views every run").isNotEqualTo(previous);
        previous = value;
      }
    }
  }

  @Test
  void temperatureDefaultFollowsTheMode() {
    assertThat(FromConfig.loss(NtXentLoss.FACTORY)).isEqualTo(NtXentLoss.defaults(false));
    assertThat(((NtXentLoss) FromConfig.loss(NtXentLoss.FACTORY, "supervised", true)).temperature())
        .isEqualTo(0.1);
    assertThat(
            ((NtXentLoss)
                    FromConfig.loss(NtXentLoss.FACTORY, "supervised", true, "temperature", 0.2))
                .temperature())
        .isEqualTo(0.2);
    assertThat(FromConfig.loss(RotationLoss.FACTORY)).isEqualTo(new RotationLoss());
    assertThat(FromConfig.loss(ReconstructionLoss.FACTORY, "endpoint", "block1/features"))
        .isEqualTo(new ReconstructionLoss("block1/features"));
  }
}
