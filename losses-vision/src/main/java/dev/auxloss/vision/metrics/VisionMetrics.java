package dev.auxloss.vision.metrics;

import dev.auxloss.api.metric.Accuracy;
import dev.auxloss.api.metric.MetricFactory;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;

/**
 * The vision metrics' factories, each with its key and parameters declared once. Classifiers
 * ({@code cnn-ds}, {@code deep-plain}) report {@code vision.accuracy} when the experiment names no
 * metric.
 *
 * <pre>{@code
 * training { metric { key: "vision.top_k_accuracy" param { name: "k" number: 3 } } }  # reported as top3_accuracy
 * }</pre>
 */
public final class VisionMetrics {
  public static final String ACCURACY_KEY = "vision.accuracy";

  static final Param<String> LOGITS =
      Param.text("endpoint", "logits", "the endpoint scored, [..., classes]");
  static final Param<String> LABEL =
      Param.text("label", "label", "the field of true class indices");
  static final Param<String> SEG_LABEL =
      Param.text("label", "seg_label", "the field of true class maps, [H, W]");
  static final Param<Integer> K = Param.integer("k", 5, "how many top classes count").atLeast(1);
  static final Param<Integer> IGNORE =
      Param.integer("ignore_index", 255, "a true class not counted (mmsegmentation's 255)");

  public static final MetricFactory ACCURACY =
      MetricFactory.of(
          Descriptor.builder(ACCURACY_KEY)
              .summary("share of arg-max predictions equal to the label")
              .params(LOGITS, LABEL)
              .build(),
          p -> new Accuracy("accuracy", p.get(LOGITS), p.get(LABEL), ""));

  public static final MetricFactory TOP_K =
      MetricFactory.of(
          Descriptor.builder("vision.top_k_accuracy")
              .summary("share of labels among the k highest logits (top<k>_accuracy)")
              .paper("Krizhevsky et al. 2012 (top-5 error)")
              .params(K, LOGITS, LABEL)
              .build(),
          p -> new TopKAccuracy(p.get(K), p.get(LOGITS), p.get(LABEL)));

  public static final MetricFactory MEAN_IOU =
      MetricFactory.of(
          Descriptor.builder("vision.mean_iou")
              .summary("mean over present classes of intersection over union")
              .paper("Everingham et al. 2010 (PASCAL VOC)")
              .params(LOGITS, SEG_LABEL, IGNORE)
              .build(),
          p ->
              new SegmentationOverlap(
                  SegmentationOverlap.Kind.IOU, p.get(LOGITS), p.get(SEG_LABEL), p.get(IGNORE)));

  public static final MetricFactory DICE =
      MetricFactory.of(
          Descriptor.builder("vision.dice")
              .summary("mean over present classes of the Dice coefficient 2|P∩G|/(|P|+|G|)")
              .paper("Dice 1945; Milletari et al. 2016 (V-Net)")
              .params(LOGITS, SEG_LABEL, IGNORE)
              .build(),
          p ->
              new SegmentationOverlap(
                  SegmentationOverlap.Kind.DICE, p.get(LOGITS), p.get(SEG_LABEL), p.get(IGNORE)));

  private VisionMetrics() {}
}
