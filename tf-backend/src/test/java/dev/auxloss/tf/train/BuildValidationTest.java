package dev.auxloss.tf.train;

import static dev.auxloss.tf.testing.TinyTask.term;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.config.TermPlan;
import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every build-time check, triggered and its message asserted; all reported together. */
class BuildValidationTest {
  @TempDir Path dir;

  private List<String> errors(List<TermPlan> terms) {
    try (TfTrainingSession s = TfTrainingSession.open(TinyTask.plan(terms, 10), dir)) {
      throw new AssertionError("expected the build to fail");
    } catch (ConfigException e) {
      return e.errors().stream().map(ConfigError::toString).toList();
    }
  }

  private static TermPlan primary() {
    return term("primary", Role.PRIMARY, 1, TinyTask.crossEntropy("logits"));
  }

  @Test
  void missingEndpointListsTheExistingOnes() {
    assertThat(
            errors(
                List.of(primary(), term("aux", Role.AUXILIARY, 0.3, TinyTask.auxHead("block9")))))
        .containsExactly(
            "loss[1] (aux): loss 'aux' failed to build: no endpoint named 'block9'; "
                + "endpoints: [h1, h2, logits]");
  }

  @Test
  void duplicateTermNameIsRejectedByThePlan() {
    assertThatThrownBy(
            () ->
                TinyTask.plan(
                    List.of(
                        primary(), term("primary", Role.AUXILIARY, 0.3, TinyTask.auxHead("h1"))),
                    10))
        .hasMessage("duplicate term name 'primary'");
  }

  @Test
  void negativeAndNaNWeightsAreRejectedByThePlan() {
    assertThatThrownBy(() -> term("aux", Role.AUXILIARY, -0.3, TinyTask.auxHead("h1")))
        .hasMessage("weight must be a finite number >= 0, found -0.3 (loss aux)");
    assertThatThrownBy(() -> term("aux", Role.AUXILIARY, Double.NaN, TinyTask.auxHead("h1")))
        .hasMessage("weight must be a finite number >= 0, found NaN (loss aux)");
  }

  @Test
  void shapeMismatchIsReportedWithTheTerm() {
    AuxLoss bad =
        ctx ->
            ctx.tf()
                .math
                .mean(
                    ctx.tf().math.sub(ctx.endpoint("h1"), ctx.endpoint("logits")),
                    ctx.tf().constant(new int[] {0, 1}));
    List<String> e = errors(List.of(primary(), term("bad", Role.AUXILIARY, 0.3, bad)));
    assertThat(e).hasSize(1);
    assertThat(e.get(0))
        .startsWith("loss[1] (bad): loss 'bad' failed to build:")
        .contains("16")
        .contains("3");
  }

  @Test
  void termWithoutGradientPathIsNamed() {
    AuxLoss constant = ctx -> ctx.tf().constant(1f);
    AuxLoss labelsOnly =
        ctx ->
            ctx.tf()
                .math
                .mean(
                    ctx.tf()
                        .dtypes
                        .cast(
                            ctx.label("label", org.tensorflow.types.TInt32.class),
                            org.tensorflow.types.TFloat32.class),
                    ctx.tf().constant(0));
    assertThat(
            errors(
                List.of(
                    primary(),
                    term("const", Role.AUXILIARY, 0.3, constant),
                    term("labels", Role.REGULARIZER, 0.1, labelsOnly))))
        .containsExactly(
            "loss[1] (const): loss term 'const' has no gradient path to any trainable variable: it reads none of "
                + "the model's or its head's variables, so its weight would change nothing",
            "loss[2] (labels): loss term 'labels' has no gradient path to any trainable variable: it reads none of "
                + "the model's or its head's variables, so its weight would change nothing");
  }

  @Test
  void nonScalarTermIsReportedWithTheOthers() {
    // "at least one PRIMARY" is the config resolver's (TermResolver), not repeated here
    AuxLoss perExample = ctx -> ctx.tf().reduceSum(ctx.endpoint("h1"), ctx.tf().constant(1));
    assertThat(
            errors(
                List.of(
                    primary(),
                    term("aux", Role.AUXILIARY, 0.3, perExample),
                    term("more", Role.AUXILIARY, 0.3, TinyTask.auxHead("block9")))))
        .containsExactly(
            "loss[1] (aux): loss term 'aux' (key aux) returned shape [-1]; a loss returns a float32 scalar (the batch mean)",
            "loss[2] (more): loss 'more' failed to build: no endpoint named 'block9'; endpoints: [h1, h2, logits]");
  }

  @Test
  void aFailedBuildWritesNothing() {
    errors(List.of(primary(), term("aux", Role.AUXILIARY, 0.3, TinyTask.auxHead("nope"))));
    assertThat(dir.toFile().list()).isEmpty();
    assertThat(Files.exists(dir.resolve("checkpoints"))).isFalse();
  }
}
