package dev.auxloss.api.metric;

import java.util.Map;
import java.util.OptionalDouble;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The share of predictions (arg-max of {@code logits} over its last axis) equal to the integer
 * {@code target} field, counted with the {@code weight} field when one is named (a token mask: only
 * real tokens count). Logits must have one axis more than the target: a class per example, per
 * token or per pixel. The one accuracy the domain modules contribute under their keys (a
 * classifier's {@code accuracy}, a tagger's token accuracy over {@code token_mask}).
 *
 * <pre>{@code
 * new Accuracy("accuracy", "logits", "label", ""); // predictions [1, 0, 2] vs labels [1, 1, 2] → 2/3
 * }</pre>
 *
 * @param name reported name
 * @param logits the endpoint scored, float32 [..., classes]
 * @param target the field of true class indices, int32 [...]
 * @param weight a float32 field shaped like {@code target} (1 counts, 0 does not), or empty for all
 */
public record Accuracy(String name, String logits, String target, String weight)
    implements AuxMetric {
  static final String CORRECT = "correct";
  static final String COUNT = "count";

  @Override
  public Map<String, Operand<TFloat32>> update(MetricContext ctx) {
    Ops tf = ctx.tf();
    MetricOps.Predictions p = MetricOps.predictions(ctx, logits, target, weight);
    Operand<TFloat32> correct =
        tf.dtypes.cast(tf.math.equal(p.predicted(), p.target()), TFloat32.class);
    return Map.of(
        CORRECT,
        MetricOps.total(tf, tf.math.mul(correct, p.weight())),
        COUNT,
        MetricOps.total(tf, p.weight()));
  }

  @Override
  public OptionalDouble result(MetricTotals totals) {
    double n = totals.scalar(COUNT);
    return n > 0 ? OptionalDouble.of(totals.scalar(CORRECT) / n) : OptionalDouble.empty();
  }
}
