package dev.auxloss.api.params;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestNameTest {
  @Test
  void levenshteinCountsEdits() {
    assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(NearestName.distance("", "abc")).isEqualTo(3);
    assertThat(NearestName.distance("same", "same")).isZero();
  }

  @Test
  void suggestsOnlyCloseNames() {
    List<String> known = List.of("vision.aux_classifier", "vision.cross_entropy", "nlp.mtp");
    assertThat(NearestName.nearest("vision.aux_clasifier", known))
        .contains("vision.aux_classifier");
    assertThat(NearestName.nearest("zzz", known)).isEmpty();
  }

  @Test
  void aNameDifferingOnlyInCaseIsSuggestedHoweverManyLettersDiffer() {
    // Six edits apart: too far for the edit rule, yet plainly what the user meant.
    assertThat(NearestName.nearest("CNN-DS", List.of("cnn-ds", "deep-plain"))).contains("cnn-ds");
  }

  @Test
  void messagesListTheKnownNamesSorted() {
    assertThat(NearestName.unknown("weighting strategy", "statc", List.of("static", "pcgrad")))
        .isEqualTo(
            "unknown weighting strategy 'statc'; did you mean 'static'? known weighting strategies: pcgrad, static");
    assertThat(NearestName.unknown("model", "x", List.of()))
        .isEqualTo(
            "unknown model 'x'; no models are registered (is the module that provides them on the classpath?)");
    assertThat(NearestName.required("dataset", List.of("b", "a")))
        .isEqualTo("is required; known datasets: a, b");
  }
}
