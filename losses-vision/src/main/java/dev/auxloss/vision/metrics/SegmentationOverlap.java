package dev.auxloss.vision.metrics;

import dev.auxloss.api.metric.AuxMetric;
import dev.auxloss.api.metric.MetricContext;
import dev.auxloss.api.metric.MetricOps;
import dev.auxloss.api.metric.MetricTotals;
import java.util.Map;
import java.util.OptionalDouble;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Per-class overlap of the predicted (arg-max) and true class maps, accumulated over the split and
 * averaged over the classes that occur (predicted or true): a class never present is left out, as
 * mmsegmentation's nan-mean does. Pixels labelled {@code ignoreIndex} (255 in mmsegmentation's
 * masks), or with any true id outside {@code [0, classes)} (a dataset's ignore index, as the losses
 * skip it), are not counted.
 *
 * <ul>
 *   <li>{@link Kind#IOU}: mean over classes of |P∩G| / |P∪G| (mean intersection over union);
 *   <li>{@link Kind#DICE}: mean over classes of 2·|P∩G| / (|P| + |G|).
 * </ul>
 *
 * Example: true {@code [0, 0, 1, 1]}, predicted {@code [0, 1, 1, 1]}: IoU of class 0 = 1/2, of
 * class 1 = 2/3, mean 7/12; Dice 2/3 and 4/5, mean 11/15.
 */
public record SegmentationOverlap(Kind kind, String logits, String target, int ignoreIndex)
    implements AuxMetric {
  public enum Kind {
    IOU,
    DICE
  }

  @Override
  public String name() {
    return kind == Kind.IOU ? "mean_iou" : "dice";
  }

  @Override
  public Map<String, Operand<TFloat32>> update(MetricContext ctx) {
    Ops tf = ctx.tf();
    MetricOps.Predictions p = MetricOps.predictions(ctx, logits, target, "");
    // A true id that is no class (a dataset's ignore index, whatever its value) is skipped as the
    // losses skip it (VisionOps.scoredPositions); ignoreIndex can also leave out a real class.
    Operand<TFloat32> counted =
        tf.dtypes.cast(
            tf.math.logicalAnd(
                tf.math.notEqual(p.target(), tf.constant(ignoreIndex)),
                tf.math.logicalAnd(
                    tf.math.greaterEqual(p.target(), tf.constant(0)),
                    tf.math.less(p.target(), tf.constant(p.classes())))),
            TFloat32.class);
    Operand<TFloat32> pred = MetricOps.oneHot(tf, p.predicted(), p.classes(), counted);
    Operand<TFloat32> gold = MetricOps.oneHot(tf, p.target(), p.classes(), counted);
    return Map.of(
        "intersection",
        MetricOps.perClass(tf, tf.math.mul(pred, gold)),
        "predicted",
        MetricOps.perClass(tf, pred),
        "true",
        MetricOps.perClass(tf, gold));
  }

  @Override
  public OptionalDouble result(MetricTotals totals) {
    double[] inter = totals.vector("intersection");
    double[] pred = totals.vector("predicted");
    double[] gold = totals.vector("true");
    double sum = 0;
    int present = 0;
    for (int c = 0; c < inter.length; c++) {
      double both = pred[c] + gold[c];
      if (both <= 0) continue;
      sum += kind == Kind.IOU ? inter[c] / (both - inter[c]) : 2 * inter[c] / both;
      present++;
    }
    return present == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / present);
  }
}
