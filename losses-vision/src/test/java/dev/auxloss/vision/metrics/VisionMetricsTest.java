package dev.auxloss.vision.metrics;

import static dev.auxloss.testing.MetricHarness.batch;
import static dev.auxloss.testing.MetricHarness.evaluate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.metric.AuxMetric;
import dev.auxloss.api.params.Params;
import dev.auxloss.testing.MetricHarness;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Each vision metric against values worked out by hand, over more than one batch where it matters.
 */
class VisionMetricsTest {
  private static AuxMetric metric(dev.auxloss.api.metric.MetricFactory f, Object... params) {
    return f.create(Params.parse(f.descriptor().params(), Params.of(params).values()));
  }

  /**
   * Logits whose arg-max is {@code classes[i]} for example i (3 classes; the true class gets 2,
   * another 1).
   */
  private static float[] scoring(int... predicted) {
    float[] out = new float[predicted.length * 3];
    for (int i = 0; i < predicted.length; i++) {
      out[i * 3 + predicted[i]] = 2;
      out[i * 3 + (predicted[i] + 1) % 3] = 1;
    }
    return out;
  }

  private static MetricHarness.Fed classified(int[] predicted, int[] labels) {
    return batch()
        .endpoint("logits", scoring(predicted), predicted.length, 3)
        .intField("label", labels, labels.length);
  }

  @Test
  void accuracyCountsEveryExampleOfEveryBatch() {
    // 2 of 3 right, then 1 of 1: 3/4 (not the mean of the batch accuracies, 5/6)
    assertThat(
            evaluate(
                    metric(VisionMetrics.ACCURACY),
                    classified(new int[] {0, 1, 2}, new int[] {0, 1, 1}),
                    classified(new int[] {2}, new int[] {2}))
                .getAsDouble())
        .isCloseTo(0.75, within(1e-9));
  }

  @Test
  void topKCountsTheLabelAmongTheKHighest() {
    // scores per example: [0.1, 0.5, 0.4], [0.7, 0.2, 0.1], [0.3, 0.3, 0.4]
    float[] logits = {0.1f, 0.5f, 0.4f, 0.7f, 0.2f, 0.1f, 0.3f, 0.3f, 0.4f};
    MetricHarness.Fed b =
        batch().endpoint("logits", logits, 3, 3).intField("label", new int[] {2, 2, 0}, 3);
    // k=1: arg-max 1, 0, 2 against labels 2, 2, 0 → 0
    assertThat(evaluate(metric(VisionMetrics.TOP_K, "k", 1), b).getAsDouble()).isEqualTo(0.0);
    // k=2: example 1 (0.4 second) yes; example 2 (0.1 last) no; example 3 (0.3 tied second with
    // class 1) yes → 2/3
    assertThat(evaluate(metric(VisionMetrics.TOP_K, "k", 2), b).getAsDouble())
        .isCloseTo(2.0 / 3, within(1e-9));
    assertThat(evaluate(metric(VisionMetrics.TOP_K, "k", 3), b).getAsDouble()).isEqualTo(1.0);
    assertThat(metric(VisionMetrics.TOP_K, "k", 2).name()).isEqualTo("top2_accuracy");
  }

  /** A 1×4 "image": one-hot logits for {@code predicted}, 3 classes. */
  private static MetricHarness.Fed segmented(int[] predicted, int[] truth) {
    float[] logits = new float[predicted.length * 3];
    for (int i = 0; i < predicted.length; i++) logits[i * 3 + predicted[i]] = 1;
    return batch()
        .endpoint("logits", logits, 1, 1, predicted.length, 3)
        .intField("seg_label", truth, 1, 1, truth.length);
  }

  @Test
  void meanIouAndDiceAverageThePresentClasses() {
    // true [0 0 1 1], predicted [0 1 1 1]; class 2 never present: left out
    MetricHarness.Fed b = segmented(new int[] {0, 1, 1, 1}, new int[] {0, 0, 1, 1});
    // IoU: class 0 = 1 / 2, class 1 = 2 / 3
    assertThat(evaluate(metric(VisionMetrics.MEAN_IOU), b).getAsDouble())
        .isCloseTo((0.5 + 2.0 / 3) / 2, within(1e-9));
    // Dice: class 0 = 2·1 / (1 + 2), class 1 = 2·2 / (3 + 2)
    assertThat(evaluate(metric(VisionMetrics.DICE), b).getAsDouble())
        .isCloseTo((2.0 / 3 + 0.8) / 2, within(1e-9));
  }

  @Test
  void overlapIsAccumulatedOverTheSplitNotAveragedPerBatch() {
    // class 0: batch 1 inter 1, union 2; batch 2 inter 0, union 1 → 1/3 (per-batch mean would be
    // 1/4)
    MetricHarness.Fed b1 = segmented(new int[] {0, 1}, new int[] {0, 0});
    MetricHarness.Fed b2 = segmented(new int[] {1, 1}, new int[] {0, 1});
    // class 1: inter 0 + 1, predicted 1 + 2, true 0 + 1 → IoU 1/3
    assertThat(evaluate(metric(VisionMetrics.MEAN_IOU), b1, b2).getAsDouble())
        .isCloseTo((1.0 / 3 + 1.0 / 3) / 2, within(1e-9));
  }

  @Test
  void ignoredPixelsCountNowhere() {
    // the 255 pixel is predicted 2: without the ignore index class 2 would be present with IoU 0
    MetricHarness.Fed b = segmented(new int[] {0, 1, 2}, new int[] {0, 1, 255});
    assertThat(evaluate(metric(VisionMetrics.MEAN_IOU), b).getAsDouble()).isEqualTo(1.0);
    assertThat(evaluate(metric(VisionMetrics.DICE), b).getAsDouble()).isEqualTo(1.0);
  }

  @Test
  void aTrueIdOutsideTheClassesCountsNowhereWhateverTheIgnoreIndex() {
    // segmentation-folder with ignore_index 200: the metric keeps its default 255 and still skips
    // the pixel, as the losses do (the dataset states the ignore index once)
    MetricHarness.Fed b = segmented(new int[] {0, 1, 2}, new int[] {0, 1, 200});
    assertThat(evaluate(metric(VisionMetrics.MEAN_IOU), b).getAsDouble()).isEqualTo(1.0);
    assertThat(evaluate(metric(VisionMetrics.DICE), b).getAsDouble()).isEqualTo(1.0);
  }

  @Test
  void nothingCountedIsUndefinedNotZero() {
    MetricHarness.Fed allIgnored = segmented(new int[] {0, 1}, new int[] {255, 255});
    assertThat(evaluate(metric(VisionMetrics.MEAN_IOU), allIgnored))
        .isEqualTo(OptionalDouble.empty());
    MetricHarness.Fed none =
        batch().endpoint("logits", new float[0], 0, 3).intField("label", new int[0], 0);
    assertThat(evaluate(metric(VisionMetrics.ACCURACY), none)).isEqualTo(OptionalDouble.empty());
  }

  @Test
  void aClassNeverPresentAnywhereIsLeftOutOfTheMean() {
    // 3 classes, class 1 and 2 never predicted nor true: the mean is class 0's alone
    MetricHarness.Fed b = segmented(new int[] {0, 0}, new int[] {0, 0});
    assertThat(evaluate(metric(VisionMetrics.MEAN_IOU), b).getAsDouble()).isEqualTo(1.0);
  }
}
