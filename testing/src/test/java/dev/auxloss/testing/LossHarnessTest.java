package dev.auxloss.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import org.junit.jupiter.api.Test;

class LossHarnessTest {
  // mean softmax cross-entropy through the op that has a built-in gradient
  private static final AuxLoss CE =
      ctx -> {
        var tf = ctx.tf();
        var logits = ctx.endpoint("logits");
        var oneHot =
            tf.oneHot(
                ctx.label("label", org.tensorflow.types.TInt32.class),
                tf.constant(3),
                tf.constant(1f),
                tf.constant(0f));
        return tf.math.mean(
            tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
      };

  @Test
  void valueMatchesHandComputedCrossEntropy() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[] {1, 2, 3, 0, 0, 0}, 2, 3)
          .label("label", new int[] {2, 0}, 2);
      double z = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
      double expected = ((z - 3) + Math.log(3)) / 2;
      assertThat(h.value(CE)).isCloseTo((float) expected, within(1e-5f));
    }
  }

  @Test
  void gradientMatchesFiniteDifferences() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[] {1, 2, 3, 0, 0.5f, -1}, 2, 3)
          .label("label", new int[] {2, 0}, 2);
      h.assertGradientMatches(CE, "logits", 1e-2);
    }
  }

  @Test
  void wrongGradientIsCaught() {
    AuxLoss stopped =
        ctx ->
            ctx.tf()
                .math
                .add(
                    ctx.tf().stopGradient(CE.build(ctx)),
                    ctx.tf()
                        .math
                        .mul(
                            ctx.tf().constant(0f),
                            ctx.tf()
                                .reduceSum(
                                    ctx.endpoint("logits"), ctx.tf().constant(new int[] {0, 1}))));
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[] {1, 2, 3, 0, 0.5f, -1}, 2, 3)
          .label("label", new int[] {2, 0}, 2);
      assertThatThrownBy(() -> h.assertGradientMatches(stopped, "logits", 1e-2))
          .isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void publishedInputsAreEndpointsUnderNamesWithSlashes() {
    try (LossHarness h = new LossHarness()) {
      h.input("r", new float[] {1, 2}, 1, 2).model(LossHarness.publish("moe/0/router_logits", "r"));
      AuxLoss sum =
          ctx ->
              ctx.tf()
                  .reduceSum(
                      ctx.endpoint("moe/0/router_logits"), ctx.tf().constant(new int[] {0, 1}));
      assertThat(h.value(sum)).isEqualTo(3f);
    }
  }

  @Test
  void missingEndpointListsExisting() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[] {1, 2}, 1, 2);
      AuxLoss l = ctx -> ctx.endpoint("block9/features");
      assertThatThrownBy(() -> h.value(l))
          .hasMessage("no endpoint named 'block9/features'; endpoints: [logits]");
    }
  }
}
