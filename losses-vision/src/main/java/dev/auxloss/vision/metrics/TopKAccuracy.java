package dev.auxloss.vision.metrics;

import dev.auxloss.api.metric.AuxMetric;
import dev.auxloss.api.metric.MetricContext;
import dev.auxloss.api.metric.MetricOps;
import dev.auxloss.api.metric.MetricTotals;
import java.util.Map;
import java.util.OptionalDouble;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * The share of examples whose true class is among the {@code k} highest logits. A class tied with
 * the true class's score counts as above it only when strictly higher (as {@code tf.math.in_top_k}:
 * ties at the boundary are in). Example: logits {@code [0.1, 0.5, 0.4]}, label 2, k 2 → a hit; k 1
 * → a miss.
 *
 * @param k how many top classes count, >= 1
 * @param logits the endpoint scored, float32 [..., classes]
 * @param target the field of true class indices, int32 [...]
 */
public record TopKAccuracy(int k, String logits, String target) implements AuxMetric {
  @Override
  public String name() {
    return "top" + k + "_accuracy";
  }

  @Override
  public Map<String, Operand<TFloat32>> update(MetricContext ctx) {
    Ops tf = ctx.tf();
    MetricOps.Predictions p = MetricOps.predictions(ctx, logits, target, "");
    Operand<TFloat32> l = ctx.endpoint(logits);
    // The true class's score, then how many classes score strictly higher: a hit when fewer than k.
    Operand<TFloat32> trueScore =
        tf.reduceSum(
            tf.math.mul(l, MetricOps.oneHot(tf, p.target(), p.classes(), p.weight())),
            tf.constant(-1),
            ReduceSum.keepDims(true));
    Operand<TFloat32> higher =
        tf.reduceSum(
            tf.dtypes.cast(tf.math.greater(l, trueScore), TFloat32.class), tf.constant(-1));
    Operand<TFloat32> hit =
        tf.dtypes.cast(tf.math.less(higher, tf.constant((float) k)), TFloat32.class);
    return Map.of("hits", MetricOps.total(tf, hit), "count", MetricOps.total(tf, p.weight()));
  }

  @Override
  public OptionalDouble result(MetricTotals totals) {
    double n = totals.scalar("count");
    return n > 0 ? OptionalDouble.of(totals.scalar("hits") / n) : OptionalDouble.empty();
  }
}
