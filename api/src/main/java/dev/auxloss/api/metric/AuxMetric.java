package dev.auxloss.api.metric;

import java.util.Map;
import java.util.OptionalDouble;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * An evaluation metric, in two halves like TF Java framework's {@code Metric}: {@link #update}
 * builds one batch's statistics as graph ops (counts, sums: anything whose sum over batches is what
 * the whole split needs), the backend sums each statistic over the evaluation's batches, and {@link
 * #result} turns the sums into the reported value on the host. Sums make the value exact whatever
 * the batch sizes. A metric is a stateless value holding its parameters.
 *
 * <pre>{@code
 * AuxMetric errorRate = new AuxMetric() {
 *   public String name() { return "error_rate"; }
 *   public Map<String, Operand<TFloat32>> update(MetricContext ctx) {
 *     MetricOps.Predictions p = MetricOps.predictions(ctx, "logits", "label", "");
 *     Operand<TFloat32> wrong = ctx.tf().dtypes.cast(ctx.tf().math.notEqual(p.predicted(), p.target()), TFloat32.class);
 *     return Map.of("wrong", MetricOps.total(ctx.tf(), wrong), "count", MetricOps.total(ctx.tf(), p.weight()));
 *   }
 *   public OptionalDouble result(MetricTotals t) {
 *     return t.scalar("count") > 0 ? OptionalDouble.of(t.scalar("wrong") / t.scalar("count")) : OptionalDouble.empty();
 *   }
 * }; // 3 of 4 right over two batches → 0.25
 * }</pre>
 */
public interface AuxMetric {
  /**
   * The name the value is reported under ({@code accuracy}, {@code top5_accuracy}) unless the
   * config renames it.
   */
  String name();

  /**
   * One batch's statistics by name, each a float32 tensor whose shape is the same for every batch
   * (a scalar, or a vector such as per-class counts); build every op through {@link
   * MetricContext#tf()}. Throws (an {@link IllegalArgumentException} naming what is missing) when
   * the model or the data lacks what the metric reads.
   */
  Map<String, Operand<TFloat32>> update(MetricContext ctx);

  /**
   * The value from the statistics summed over the split; empty when it is undefined there (nothing
   * counted).
   */
  OptionalDouble result(MetricTotals totals);
}
