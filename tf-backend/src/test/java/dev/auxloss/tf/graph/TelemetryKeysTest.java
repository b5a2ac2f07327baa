package dev.auxloss.tf.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The keys are read back by metrics.csv, TensorBoard and run.json readers: their spelling is
 * pinned.
 */
class TelemetryKeysTest {
  @Test
  void buildsTheSpellingsRunsHaveAlwaysHad() {
    assertThat(TelemetryKeys.raw("vision.aux")).isEqualTo("term/vision.aux/raw");
    assertThat(TelemetryKeys.weight("a")).isEqualTo("term/a/weight");
    assertThat(TelemetryKeys.weighted("a")).isEqualTo("term/a/weighted");
    assertThat(TelemetryKeys.gradNorm("a")).isEqualTo("term/a/grad_norm");
    assertThat(TelemetryKeys.term("a", "target_cosine/b")).isEqualTo("term/a/target_cosine/b");
    assertThat(TelemetryKeys.evalLoss("a")).isEqualTo("loss/a");
    assertThat(TelemetryKeys.TOTAL_LOSS).isEqualTo("loss/total");
    assertThat(TelemetryKeys.SKIPPED).isEqualTo("nonfinite/skipped");
    assertThat(TelemetryKeys.LEARNING_RATE).isEqualTo("lr");
  }

  @Test
  void parsesTheTermBackOutOfAKey() {
    assertThat(TelemetryKeys.termOf("term/vision.aux/weight", TelemetryKeys.WEIGHT))
        .contains("vision.aux");
    assertThat(TelemetryKeys.termOf("term/a/weighted", TelemetryKeys.WEIGHT)).isEmpty();
    assertThat(TelemetryKeys.termOf("term/a/raw", TelemetryKeys.WEIGHT)).isEmpty();
    assertThat(TelemetryKeys.termOf("loss/total", TelemetryKeys.RAW)).isEmpty();
    assertThat(TelemetryKeys.isLoss("loss/a")).isTrue();
    assertThat(TelemetryKeys.isLoss("lr")).isFalse();
  }
}
