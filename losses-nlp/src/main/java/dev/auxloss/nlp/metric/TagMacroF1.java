package dev.auxloss.nlp.metric;

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
 * The macro F1 of a tagger's tags: the mean over the tags that occur in the split's gold tags of
 * F1_t = 2·tp_t / (predicted_t + gold_t), over real tokens ({@code mask}). The {@code noneTag}
 * ("nothing to mark", 0 for the punctuation tagger; -1 when every tag counts) is left out: token
 * accuracy hides the rare tags behind it. A tag never in the gold tags is left out too; empty when
 * none is left.
 *
 * <p>Example: tag 1 tp 2, predicted 3, gold 4 (F1 4/7); tag 2 tp 1, predicted 1, gold 1 (F1 1); tag
 * 3 predicted twice, never gold (left out) → (4/7 + 1) / 2.
 */
public record TagMacroF1(String logits, String tags, String mask, int noneTag)
    implements AuxMetric {
  @Override
  public String name() {
    return "macro_f1";
  }

  @Override
  public Map<String, Operand<TFloat32>> update(MetricContext ctx) {
    Ops tf = ctx.tf();
    MetricOps.Predictions p = MetricOps.predictions(ctx, logits, tags, mask);
    Operand<TFloat32> predicted = MetricOps.oneHot(tf, p.predicted(), p.classes(), p.weight());
    Operand<TFloat32> gold = MetricOps.oneHot(tf, p.target(), p.classes(), p.weight());
    return Map.of(
        "tp",
        MetricOps.perClass(tf, tf.math.mul(predicted, gold)),
        "predicted",
        MetricOps.perClass(tf, predicted),
        "gold",
        MetricOps.perClass(tf, gold));
  }

  @Override
  public OptionalDouble result(MetricTotals totals) {
    double[] tp = totals.vector("tp");
    double[] predicted = totals.vector("predicted");
    double[] gold = totals.vector("gold");
    double sum = 0;
    int counted = 0;
    for (int t = 0; t < gold.length; t++) {
      if (t == noneTag || gold[t] <= 0) continue;
      sum += 2 * tp[t] / (predicted[t] + gold[t]);
      counted++;
    }
    return counted == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / counted);
  }
}
