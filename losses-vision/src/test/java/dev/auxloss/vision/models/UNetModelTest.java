package dev.auxloss.vision.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.vision.losses.MultiScaleDeepSupervisionLoss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code unet}: its endpoints at every level (odd sizes restored by the decoder), nnU-Net's deep
 * supervision attached to its decoder levels by name alone, and its parameter rules.
 */
class UNetModelTest {
  private static final int B = 2;

  private static float[] images(int n) {
    Random r = new Random(5);
    float[] f = new float[n];
    for (int i = 0; i < f.length; i++) f[i] = r.nextFloat();
    return f;
  }

  private static int[] segLabels(int n, int classes) {
    Random r = new Random(6);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) y[i] = r.nextInt(classes);
    return y;
  }

  @Test
  void publishesEveryEncoderAndDecoderLevelAtItsResolution() {
    List<String> names =
        List.of(
            "stage1/features",
            "stage2/features",
            "stage3/features",
            "bottleneck/features",
            "decoder/level2/features",
            "decoder/level1/features",
            "decoder/level0/features",
            "logits");
    Map<String, String> shapes = new LinkedHashMap<>();
    try (LossHarness h =
        new LossHarness()
            .model(new UNetModel(4, 4, UNetModel.GROUP, UNetModel.TRANSPOSE, 3))
            .input("image", images(B * 28 * 28), B, 28, 28, 1)) {
      AuxLoss probe =
          ctx -> {
            for (String n : names) shapes.put(n, ctx.endpoint(n).shape().toString());
            return ctx.tf().constant(0f);
          };
      h.value(probe);
      for (float v : h.endpointValue("logits")) assertThat(v).isFinite();
      assertThat(h.variable("model/stage1/norm1/gamma")).hasSize(4); // group norm after each conv
      assertThat(h.variable("model/decoder/level2/up/kernel")).hasSize(2 * 2 * 16 * 32);
    }
    assertThat(shapes)
        .containsExactly(
            Map.entry("stage1/features", "[2, 28, 28, 4]"),
            Map.entry("stage2/features", "[2, 14, 14, 8]"),
            Map.entry("stage3/features", "[2, 7, 7, 16]"),
            Map.entry("bottleneck/features", "[2, 4, 4, 32]"), // SAME pooling: 7 → 4
            Map.entry("decoder/level2/features", "[2, 7, 7, 16]"), // up-conv back to 7
            Map.entry("decoder/level1/features", "[2, 14, 14, 8]"),
            Map.entry("decoder/level0/features", "[2, 28, 28, 4]"),
            Map.entry("logits", "[2, 28, 28, 3]"));
  }

  @Test
  void bilinearUpsamplingHasNoWeightsAndLeavesTheChannelsToTheBlock() {
    try (LossHarness h =
        new LossHarness()
            .model(new UNetModel(3, 4, UNetModel.GROUP, UNetModel.BILINEAR, 3))
            .input("image", images(B * 10 * 10), B, 10, 10, 1)) {
      assertThat(h.endpointValue("decoder/level1/features")).hasSize(B * 5 * 5 * 8);
      assertThat(h.endpointValue("logits")).hasSize(B * 10 * 10 * 3);
      // level 0 reads level 1's 8 channels resized + the skip's 4 (a transposed conv gives 4 + 4)
      assertThat(h.variable("model/decoder/level0/conv1/kernel")).hasSize(3 * 3 * 12 * 4);
      assertThatThrownBy(() -> h.variable("model/decoder/level0/up/kernel"))
          .hasMessageContaining("no variable");
    }
  }

  @Test
  void multiscaleDeepSupervisionAttachesToTheDecoderLevelsByName() {
    AuxLoss ds =
        FromConfig.loss(
            MultiScaleDeepSupervisionLoss.FACTORY,
            "endpoints",
            "decoder/level0/features,decoder/level1/features,decoder/level2/features");
    try (LossHarness h =
        new LossHarness()
            .model(new UNetModel(4, 4, UNetModel.GROUP, UNetModel.TRANSPOSE, 3))
            .input("image", images(B * 12 * 10), B, 12, 10, 1)
            .label("seg_label", segLabels(B * 12 * 10, 3), B, 12, 10)) {
      float v = h.value(ds);
      assertThat(v).isFinite().isPositive();
      // nnU-Net's weights (2/3, 1/3, 0): a 1×1 head on the two upper levels, none on the lowest
      assertThat(h.variable("heads/term/ds/scale0/kernel")).hasSize(4 * 3);
      assertThat(h.variable("heads/term/ds/scale1/kernel")).hasSize(8 * 3);
      assertThatThrownBy(() -> h.variable("heads/term/ds/scale2/kernel"))
          .hasMessageContaining("no variable");
    }
  }

  /**
   * Left out, the endpoints are nnU-Net's scales: the network's own logits (no head: they are the
   * output), then the lower decoder levels with heads — the value of naming them, with weights
   * (2/3, 1/3, 0).
   */
  @Test
  void multiscaleDeepSupervisionDefaultsToTheLogitsAndTheLowerDecoderLevels() {
    AuxLoss byDefault = FromConfig.loss(MultiScaleDeepSupervisionLoss.FACTORY);
    AuxLoss named =
        FromConfig.loss(
            MultiScaleDeepSupervisionLoss.FACTORY,
            "endpoints",
            "logits,decoder/level1/features,decoder/level2/features");
    float[] image = images(B * 12 * 10);
    int[] labels = segLabels(B * 12 * 10, 3);
    float expected;
    try (LossHarness h = unet(image, labels)) {
      expected = h.value(named);
    }
    try (LossHarness h = unet(image, labels)) {
      assertThat(h.value(byDefault)).isFinite().isPositive().isEqualTo(expected);
      assertThatThrownBy(() -> h.variable("heads/term/ds/scale0/kernel"))
          .as("the logits get no head")
          .hasMessageContaining("no variable");
      assertThat(h.variable("heads/term/ds/scale1/kernel")).hasSize(8 * 3);
      assertThatThrownBy(() -> h.variable("heads/term/ds/scale2/kernel"))
          .hasMessageContaining("no variable");
    }
  }

  private static LossHarness unet(float[] image, int[] labels) {
    return new LossHarness()
        .model(new UNetModel(4, 4, UNetModel.GROUP, UNetModel.TRANSPOSE, 3))
        .input("image", image, B, 12, 10, 1)
        .label("seg_label", labels, B, 12, 10);
  }

  @Test
  void batchNormUsesBatchStatisticsInTrainingAndMovingOnesInInference() {
    float[] x = images(B * 8 * 8);
    float[] train, infer;
    try (LossHarness h =
        new LossHarness()
            .model(new UNetModel(2, 4, UNetModel.BATCH, UNetModel.TRANSPOSE, 3))
            .input("image", x, B, 8, 8, 1)) {
      train = h.endpointValue("logits");
      assertThat(h.variable("model/stage1/norm1/moving_mean")).containsOnly(0f);
    }
    try (LossHarness h =
        new LossHarness()
            .training(false)
            .model(new UNetModel(2, 4, UNetModel.BATCH, UNetModel.TRANSPOSE, 3))
            .input("image", x, B, 8, 8, 1)) {
      infer = h.endpointValue("logits");
    }
    // same seed, same initial weights: only the normalisation statistics differ
    assertThat(train).hasSameSizeAs(infer).isNotEqualTo(infer);
  }

  @Test
  void factoryDefaultsAndGroupNormWidthRule() {
    assertThat(FromConfig.model(UNetModel.FACTORY))
        .isEqualTo(new UNetModel(4, 32, "batch", "transpose", 11));
    assertThat(FromConfig.model(UNetModel.FACTORY, "levels", 3, "base_width", 8, "norm", "group"))
        .isEqualTo(new UNetModel(3, 8, "group", "transpose", 11));
    // batch norm has no rule on the widths
    assertThat(FromConfig.model(UNetModel.FACTORY, "levels", 2, "base_width", 24))
        .isEqualTo(new UNetModel(2, 24, "batch", "transpose", 11));
    // 24 and 48 filters: 24 groups of 1, then 32 groups cannot split 48 channels
    assertThatThrownBy(
            () ->
                FromConfig.model(UNetModel.FACTORY, "levels", 2, "base_width", 24, "norm", "group"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "base_width: group norm needs min(32, width) to divide each level's width, but level 1"
                + " has 48 filters; found 24");
    assertThatThrownBy(() -> FromConfig.model(UNetModel.FACTORY, "levels", 1, "norm", "layer"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("levels: must be >= 2, found 1")
        .hasMessageContaining("norm: must be one of [batch, group], found 'layer'");
    assertThatThrownBy(() -> FromConfig.model(UNetModel.FACTORY, "levels", 9))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "levels: must be <= 8 (seven poolings: 256x256 down to 2x2), found 9");
  }
}
