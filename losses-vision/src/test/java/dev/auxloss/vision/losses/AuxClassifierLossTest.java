package dev.auxloss.vision.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.tf.testing.LossHarness;
import dev.auxloss.vision.losses.AuxClassifierLoss.Head;
import dev.auxloss.vision.testing.Ref;
import dev.auxloss.vision.testing.Vars;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuxClassifierLossTest {
  private static final int B = 3, H = 5, W = 5, C = 3, K = 4;
  private static final Head TINY = new Head("tiny", 2, 2, 6, 8, 0.5);

  private static float[] features(long seed) {
    Random r = new Random(seed);
    float[] f = new float[B * H * W * C];
    for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
    return f;
  }

  private static LossHarness harness(float[] feats) {
    LossHarness h = new LossHarness().training(false); // inference: dropout is the identity
    h.endpoint("block1", feats, B, H, W, C)
        .endpoint("logits", new float[B * K], B, K)
        .label("label", new int[] {3, 0, 2}, B)
        .mask(new float[] {1, 1, 0});
    return h;
  }

  @Test
  void valueIsTheHeadRecomputedByHand() {
    float[] feats = features(1);
    AuxClassifierLoss loss = new AuxClassifierLoss("block1", TINY, "label", 0);
    try (LossHarness h = harness(feats)) {
      float value = h.value(loss);
      String p = "heads/term/aux/";
      double[][][][] x = Ref.avgPool(Ref.nhwc(feats, B, H, W, C), 2, 2);
      x = Ref.relu(Ref.conv(x, Vars.read(h, p + "conv/kernel"), Vars.read(h, p + "conv/bias"), 1, 6));
      double[][] hidden = Ref.relu(Ref.dense(Ref.flatten(x), Vars.read(h, p + "fc/kernel"), Vars.read(h, p + "fc/bias"), 8));
      double[][] logits = Ref.dense(hidden, Vars.read(h, p + "classifier/kernel"), Vars.read(h, p + "classifier/bias"), K);
      double expected = (Ref.crossEntropy(logits[0], 3, 0) + Ref.crossEntropy(logits[1], 0, 0)) / 2;
      assertThat(value).isCloseTo((float) expected, within(1e-4f));
    }
  }

  @Test
  void gradientWithRespectToTheEndpoint() {
    try (LossHarness h = harness(features(2))) {
      h.assertGradientMatches(new AuxClassifierLoss("block1", TINY, "label", 0), "block1", 2e-2);
    }
  }

  @Test
  void googlenetHeadClampsItsPoolToSmallMapsAndRunsOnVectors() {
    try (LossHarness h = harness(features(3))) {
      assertThat(h.value(new AuxClassifierLoss("block1", Head.GOOGLENET, "label", 0))).isFinite().isPositive();
    }
    try (LossHarness h = harness(features(3))) { // a second term would have its own name: a fresh harness
      h.endpoint("features", new float[B * 7], B, 7);
      assertThat(h.value(new AuxClassifierLoss("features", Head.SMALL, "label", 5))).isFinite().isPositive();
    }
  }

  @Test
  void trainingModeAppliesDropout() {
    try (LossHarness h = harness(features(4)).training(true)) {
      assertThat(h.value(new AuxClassifierLoss("block1", Head.GOOGLENET, "label", 0))).isFinite();
    }
  }

  @Test
  void missingEndpointListsTheExistingOnes() {
    try (LossHarness h = harness(features(5))) {
      assertThatThrownBy(() -> h.value(new AuxClassifierLoss("block9/features", TINY, "label", 0)))
          .hasMessage("no endpoint named 'block9/features'; endpoints: [block1, logits]");
    }
  }

  @Test
  void factoryRequiresTheEndpointAndKnowsTheHeads() {
    assertThat(AuxClassifierLoss.FACTORY.create(Params.of("endpoint", "block2/features", "head", "small")))
        .isEqualTo(new AuxClassifierLoss("block2/features", Head.SMALL, "label", 0));
    assertThatThrownBy(() -> AuxClassifierLoss.FACTORY.create(Params.of("head", "huge", "classes", 1)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("3 configuration errors:\n"
            + "  endpoint: is required: name an endpoint the model publishes, for example 'block2/features'\n"
            + "  head: must be one of [googlenet, small], found 'huge'\n"
            + "  classes: must be 0 (take it from the logits endpoint) or >= 2, found 1.0");
  }
}
