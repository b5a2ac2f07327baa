package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tagger's macro F1 from the evaluation's per-tag sums. */
class MacroF1Test {
  @Test
  void averagesF1OverTheTagsThatOccurLeavingOutTagZero() {
    Map<String, Double> sums = Map.of(
        "tp/1", 2.0, "predicted/1", 3.0, "gold/1", 4.0,   // F1 = 4 / 7
        "tp/2", 1.0, "predicted/2", 1.0, "gold/2", 1.0,   // F1 = 1
        "tp/3", 0.0, "predicted/3", 2.0, "gold/3", 0.0);  // never gold: left out
    assertThat(Evaluator.macroF1(sums).getAsDouble()).isCloseTo((4.0 / 7 + 1) / 2, within(1e-12));
  }

  @Test
  void aClassifierHasNone() {
    assertThat(Evaluator.macroF1(Map.of("correct", 3.0, "count", 4.0))).isEmpty();
  }
}
