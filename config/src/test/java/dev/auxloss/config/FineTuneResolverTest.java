package dev.auxloss.config;

import static dev.auxloss.config.ExperimentResolverTest.BASE;
import static dev.auxloss.config.ExperimentResolverTest.errors;
import static dev.auxloss.config.ExperimentResolverTest.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** training.init_from, training.freeze and training.auxiliary_only as the resolver reads them. */
class FineTuneResolverTest {
  private static final String AUX_ONLY =
      BASE.replace("key: \"test.cross_entropy\"", "key: \"test.cross_entropy\" role: AUXILIARY");

  @Test
  void initFromAndFreezeReachThePlan() {
    FineTunePlan ft =
        resolve(
                BASE
                    + """
                    training {
                      init_from { checkpoint: "runs/pre" map { from: "trunk/" to: "backbone/" } allow_partial: true }
                      freeze: "backbone/.*"
                      freeze: "head/w"
                    }
                    """)
            .plan()
            .fineTune();
    assertThat(ft.initFrom().checkpoint()).isEqualTo(Path.of("runs/pre"));
    assertThat(ft.initFrom().allowPartial()).isTrue();
    assertThat(ft.initFrom().modelName("trunk/conv/kernel")).isEqualTo("backbone/conv/kernel");
    assertThat(ft.initFrom().modelName("head/w")).isEqualTo("head/w");
    assertThat(ft.frozen("backbone/conv/kernel")).isTrue();
    assertThat(ft.frozen("head/w")).isTrue();
    assertThat(ft.frozen("head/w2")).isFalse(); // a regex matches the whole name
  }

  @Test
  void leftOutNothingIsRestoredOrFrozen() {
    assertThat(resolve(BASE).plan().fineTune()).isEqualTo(FineTunePlan.NONE);
  }

  @Test
  void anInvalidRegexIsAConfigError() {
    assertThat(errors(BASE + "training { freeze: \"block1/(\" }"))
        .containsExactly(
            "x.pbtxt:6:12: training.freeze[0]: must be a regular expression (java.util.regex), "
                + "found 'block1/(': Unclosed group near index 8");
  }

  @Test
  void initFromNeedsACheckpointAndRenamesAFrom() {
    assertThat(errors(BASE + "training { init_from { map { to: \"x/\" } } }"))
        .containsExactly(
            "x.pbtxt:6:12: training.init_from.checkpoint: must name a run directory or a checkpoint prefix, found ''",
            "x.pbtxt:6:24: training.init_from.map[0].from: must be a non-empty checkpoint name prefix, found ''");
  }

  @Test
  void auxiliaryOnlyAllowsNoPrimaryTerm() {
    TrainingPlan plan = resolve(AUX_ONLY + "training { auxiliary_only: true }").plan();
    assertThat(plan.terms()).allMatch(t -> t.role() != dev.auxloss.api.loss.Role.PRIMARY);
  }

  @Test
  void auxiliaryOnlyRefusesAPrimaryTerm() {
    assertThat(errors(BASE + "training { auxiliary_only: true }"))
        .containsExactly(
            "x.pbtxt:6:12: training.auxiliary_only: true allows no PRIMARY term (the run trains "
                + "auxiliary objectives only), found test.cross_entropy (PRIMARY), "
                + "test.aux_classifier (AUXILIARY)");
  }
}
