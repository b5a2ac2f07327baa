package dev.auxloss.vision.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.LossHarness;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each reference model builds on fed images and publishes its endpoints with the documented shapes.
 */
class ModelsTest {
  private static final int B = 2;

  private static float[] images() {
    Random r = new Random(3);
    float[] f = new float[B * 28 * 28];
    for (int i = 0; i < f.length; i++) f[i] = r.nextFloat();
    return f;
  }

  /**
   * Static shapes of every endpoint as a loss sees them (the harness feeds a batch of 2), checked
   * against the evaluated sizes.
   */
  private static Map<String, String> shapes(ModelFn model, String... names) {
    Map<String, String> out = new LinkedHashMap<>();
    try (LossHarness h = new LossHarness().model(model).input("image", images(), B, 28, 28, 1)) {
      AuxLoss probe =
          ctx -> {
            for (String n : names) out.put(n, ctx.endpoint(n).shape().toString());
            return ctx.tf().constant(0f);
          };
      h.value(probe);
      for (String n : names) {
        float[] v = h.endpointValue(n);
        long expected = 1;
        for (String d : out.get(n).replaceAll("[\\[\\] ]", "").split(","))
          expected *= d.equals("-1") ? B : Long.parseLong(d);
        assertThat(v).as(n).hasSize((int) expected);
        for (float x : v) assertThat(x).as(n).isFinite();
      }
    }
    return out;
  }

  @Test
  void cnnDsPublishesBlocksFeaturesAndLogits() {
    assertThat(shapes(new CnnDsModel(), "block1/features", "block2/features", "features", "logits"))
        .containsExactly(
            Map.entry("block1/features", "[2, 14, 14, 32]"),
            Map.entry("block2/features", "[2, 7, 7, 64]"),
            Map.entry("features", "[2, 128]"),
            Map.entry("logits", "[2, 10]"));
  }

  @Test
  void deepPlainPublishesAStageEveryFourLayers() {
    assertThat(
            shapes(
                new DeepPlainModel(),
                "stage1/features",
                "stage2/features",
                "stage3/features",
                "stage4/features",
                "features",
                "logits"))
        .containsExactly(
            Map.entry("stage1/features", "[2, 28, 28, 32]"),
            Map.entry("stage2/features", "[2, 14, 14, 32]"),
            Map.entry("stage3/features", "[2, 7, 7, 32]"),
            Map.entry("stage4/features", "[2, 7, 7, 32]"),
            Map.entry("features", "[2, 32]"),
            Map.entry("logits", "[2, 10]"));
    assertThat(new DeepPlainModel(12, 16, 10, "he").stages()).isEqualTo(3);
  }

  @Test
  void segNetPublishesEncoderAndDecoderStages() {
    assertThat(
            shapes(
                new SegNetModel(),
                "stage1/features",
                "stage2/features",
                "bottleneck/features",
                "decoder/up1/features",
                "decoder/features",
                "logits"))
        .containsExactly(
            Map.entry("stage1/features", "[2, 28, 28, 16]"),
            Map.entry("stage2/features", "[2, 14, 14, 32]"),
            Map.entry("bottleneck/features", "[2, 7, 7, 64]"),
            Map.entry("decoder/up1/features", "[2, 14, 14, 32]"),
            Map.entry("decoder/features", "[2, 28, 28, 16]"),
            Map.entry("logits", "[2, 28, 28, 11]"));
  }

  @Test
  void factoriesValidateEveryParameterAtOnce() {
    assertThat(FromConfig.model(DeepPlainModel.FACTORY, "depth", 12, "width", 24))
        .isEqualTo(new DeepPlainModel(12, 24, 10, "glorot"));
    assertThat(FromConfig.model(CnnDsModel.FACTORY)).isEqualTo(new CnnDsModel());
    assertThat(FromConfig.model(SegNetModel.FACTORY, "num_classes", 3))
        .isEqualTo(new SegNetModel(16, 3));
    assertThatThrownBy(
            () ->
                FromConfig.model(DeepPlainModel.FACTORY, "depth", 14, "init", "zeros", "widht", 8))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "3 configuration errors:\n"
                + "  depth: must be a multiple of 4 in 4..32, found 14\n"
                + "  init: must be one of [glorot, he], found 'zeros'\n"
                + "  widht: unknown parameter 'widht'; did you mean 'width'? known parameters: [depth, init, num_classes, width]");
  }
}
