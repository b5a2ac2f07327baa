package dev.auxloss.nlp.metric;

import static dev.auxloss.testing.MetricHarness.batch;
import static dev.auxloss.testing.MetricHarness.evaluate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.metric.AuxMetric;
import dev.auxloss.api.metric.MetricFactory;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.testing.MetricHarness;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Each NLP metric against values worked out by hand. */
class NlpMetricsTest {
  private static AuxMetric metric(MetricFactory f, Object... params) {
    return f.create(Params.parse(f.descriptor().params(), Params.of(params).values()));
  }

  /**
   * One sequence per row of {@code predicted}/{@code gold} (equal lengths), one-hot logits over
   * {@code classes} tags; {@code mask} 1 for real tokens.
   */
  private static MetricHarness.Fed tagged(
      int classes, int[][] predicted, int[][] gold, float[][] mask) {
    int b = predicted.length;
    int t = predicted[0].length;
    float[] logits = new float[b * t * classes];
    int[] tags = new int[b * t];
    float[] m = new float[b * t];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) {
        logits[(i * t + j) * classes + predicted[i][j]] = 1;
        tags[i * t + j] = gold[i][j];
        m[i * t + j] = mask == null ? 1 : mask[i][j];
      }
    }
    return batch()
        .endpoint("logits", logits, b, t, classes)
        .intField("tags", tags, b, t)
        .floatField("token_mask", m, b, t);
  }

  private static MetricHarness.Fed tagged(int classes, int[] predicted, int[] gold) {
    return tagged(classes, new int[][] {predicted}, new int[][] {gold}, null);
  }

  @Test
  void tokenAccuracyCountsRealTokensOnly() {
    // real tokens: (0 vs 0) right, (1 vs 2) wrong, (2 vs 2) right; the padded one is wrong but not
    // counted
    MetricHarness.Fed b =
        tagged(
            3,
            new int[][] {{0, 1, 2, 1}},
            new int[][] {{0, 2, 2, 0}},
            new float[][] {{1, 1, 1, 0}});
    assertThat(evaluate(metric(NlpMetrics.TOKEN_ACCURACY), b).getAsDouble())
        .isCloseTo(2.0 / 3, within(1e-9));
    assertThat(metric(NlpMetrics.TOKEN_ACCURACY).name()).isEqualTo("accuracy");
  }

  @Test
  void textAccuracyScoresTheLabel() {
    MetricHarness.Fed b =
        batch()
            .endpoint("logits", new float[] {1, 0, 0, 1, 0, 1}, 3, 2)
            .intField("label", new int[] {0, 0, 1}, 3);
    assertThat(evaluate(metric(NlpMetrics.ACCURACY), b).getAsDouble())
        .isCloseTo(2.0 / 3, within(1e-9));
  }

  @Test
  void macroF1AveragesTheTagsThatOccurLeavingOutTheNoneTag() {
    // tag 1: tp 2, predicted 3, gold 4 → 4/7; tag 2: tp 1, predicted 1, gold 1 → 1; tag 3 predicted
    // twice, never gold: out
    int[] predicted = {1, 1, 1, 0, 0, 2, 3, 3};
    int[] gold = {1, 1, 0, 1, 1, 2, 0, 0};
    MetricHarness.Fed b = tagged(4, predicted, gold);
    assertThat(evaluate(metric(NlpMetrics.TAG_MACRO_F1), b).getAsDouble())
        .isCloseTo((4.0 / 7 + 1) / 2, within(1e-9));
    // with every tag counted, tag 0 joins: tp 0, predicted 2, gold 3 → 0
    assertThat(evaluate(metric(NlpMetrics.TAG_MACRO_F1, "none_tag", -1), b).getAsDouble())
        .isCloseTo((4.0 / 7 + 1 + 0) / 3, within(1e-9));
  }

  @Test
  void macroF1IsUndefinedWhenOnlyTheNoneTagOccurs() {
    assertThat(
            evaluate(
                metric(NlpMetrics.TAG_MACRO_F1), tagged(3, new int[] {1, 2}, new int[] {0, 0})))
        .isEqualTo(OptionalDouble.empty());
  }

  private static final String BIO = "O,B-PER,I-PER,B-LOC,I-LOC";
  private static final int O = 0, BP = 1, IP = 2, BL = 3, IL = 4;

  @Test
  void aSpanCountsWhenTypeAndBothBoundariesMatch() {
    // gold PER(0-1), LOC(3); predicted PER(0), LOC(3): the PER end differs → 1 correct of 2 + 2
    MetricHarness.Fed b = tagged(5, new int[] {BP, O, O, BL}, new int[] {BP, IP, O, BL});
    assertThat(evaluate(metric(NlpMetrics.SPAN_F1, "tag_names", BIO), b).getAsDouble())
        .isCloseTo(0.5, within(1e-9));
  }

  @Test
  void typeMismatchAndSplitSpansDoNotCount() {
    // gold PER(0-2); predicted PER(0-1) then LOC(2) → 0 of 1 + 2; then gold LOC(0-1) vs predicted
    // LOC(0-1) → 1 of 1 + 1
    MetricHarness.Fed b1 = tagged(5, new int[] {BP, IP, IL}, new int[] {BP, IP, IP});
    MetricHarness.Fed b2 = tagged(5, new int[] {BL, IL, O}, new int[] {BL, IL, O});
    // over both batches: correct 1, predicted 3, gold 2 → 2/5
    assertThat(evaluate(metric(NlpMetrics.SPAN_F1, "tag_names", BIO), b1, b2).getAsDouble())
        .isCloseTo(0.4, within(1e-9));
  }

  @Test
  void aStrayInsideTagStartsASpanAsInConlleval() {
    // O I-PER I-PER: one PER span (1-2) on both sides
    MetricHarness.Fed b = tagged(5, new int[] {O, IP, IP}, new int[] {O, IP, IP});
    assertThat(evaluate(metric(NlpMetrics.SPAN_F1, "tag_names", BIO), b).getAsDouble())
        .isEqualTo(1.0);
  }

  @Test
  void bioesSpansEndAtEAndSingletonsAreS() {
    String bioes = "O,B-X,I-X,E-X,S-X";
    // gold X(0-2), X(3); predicted X(0-1) [B E], X(2) [S], X(3) [S] → correct 1 (the singleton at
    // 3), predicted 3, gold 2
    MetricHarness.Fed b = tagged(5, new int[] {1, 3, 4, 4}, new int[] {1, 2, 3, 4});
    assertThat(evaluate(metric(NlpMetrics.SPAN_F1, "tag_names", bioes), b).getAsDouble())
        .isCloseTo(2.0 / 5, within(1e-9));
  }

  @Test
  void paddingIsOutsideEverySpan() {
    // the padded last token would extend the predicted PER span; masked, the spans agree
    MetricHarness.Fed b =
        tagged(5, new int[][] {{BP, IP, IP}}, new int[][] {{BP, IP, O}}, new float[][] {{1, 1, 0}});
    assertThat(evaluate(metric(NlpMetrics.SPAN_F1, "tag_names", BIO), b).getAsDouble())
        .isEqualTo(1.0);
  }

  @Test
  void emptyPredictionsScoreZeroAndNoSpansAtAllIsUndefined() {
    MetricHarness.Fed nothingPredicted = tagged(5, new int[] {O, O, O}, new int[] {BP, O, BL});
    assertThat(
            evaluate(metric(NlpMetrics.SPAN_F1, "tag_names", BIO), nothingPredicted).getAsDouble())
        .isEqualTo(0.0);
    MetricHarness.Fed noGold = tagged(5, new int[] {BP, O, O}, new int[] {O, O, O});
    assertThat(evaluate(metric(NlpMetrics.SPAN_F1, "tag_names", BIO), noGold).getAsDouble())
        .isEqualTo(0.0);
    MetricHarness.Fed none = tagged(5, new int[] {O, O}, new int[] {O, O});
    assertThat(evaluate(metric(NlpMetrics.SPAN_F1, "tag_names", BIO), none))
        .isEqualTo(OptionalDouble.empty());
  }

  @Test
  void tagNamesAreRequiredAndChecked() {
    assertThatThrownBy(() -> metric(NlpMetrics.SPAN_F1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tag_names");
    assertThatThrownBy(() -> metric(NlpMetrics.SPAN_F1, "tag_names", "O,PER"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(TagScheme.RULE);
  }
}
