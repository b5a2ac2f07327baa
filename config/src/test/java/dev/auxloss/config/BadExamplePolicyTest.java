package dev.auxloss.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.BadExamples;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code data.on_bad_example}: the policy the dataset factory is given, kept on the plan. */
class BadExamplePolicyTest {
  static final String ONE_BAD =
      ExperimentResolverTest.BASE.replace(
          "data { dataset: \"test-data\" }",
          "data { dataset: \"test-data\" param { name: \"path\" text: \"/one-bad\" } %s }");

  @Test
  void failIsTheDefaultAndNamesTheBadExampleUnderItsParam() {
    assertThat(ExperimentResolverTest.errors(ONE_BAD.formatted("")))
        .containsExactly("x.pbtxt:3:29: data.param.path: /one-bad:3: not JSON");
    assertThat(ExperimentResolverTest.resolve(ExperimentResolverTest.BASE).plan().configText())
        .contains("on_bad_example: FAIL\n");
  }

  @Test
  void skipResolvesAndThePlanCountsWhatTheDatasetSkipped() {
    ResolvedExperiment r =
        ExperimentResolverTest.resolve(ONE_BAD.formatted("on_bad_example: SKIP"));
    BadExamples bad = r.plan().badExamples();
    assertThat(bad.policy()).isEqualTo(BadExamples.Policy.SKIP);
    assertThat(bad.counts()).isEqualTo(Map.of("train", Map.of("not_json", 1L)));
    assertThat(r.plan().toBuilder().build().badExamples()).isSameAs(bad);
  }
}
