package dev.auxloss.tf.train;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Split;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.graph.TelemetryKeys;
import dev.auxloss.tf.graph.TrainingGraph;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * Scores a split with the graph's inference-mode pass: sums its per-batch statistics over the split's
 * batches (exact means whatever the batch sizes) and finishes them on the host.
 */
final class Evaluator {
  private final TrainingPlan plan;
  private final TrainingGraph tg;
  private final StepRunner runner;

  Evaluator(TrainingPlan plan, TrainingGraph tg, StepRunner runner) {
    this.plan = plan;
    this.tg = tg;
    this.runner = runner;
  }

  /** Mean of each primary term and the accuracy of the {@code logits} output on a split. */
  Map<String, Double> evaluate(Split split) {
    Map<String, Double> sums = sums(split);
    Map<String, Double> out = new LinkedHashMap<>();
    double n = sums.getOrDefault("examples", 0.0);
    if (sums.containsKey("count") && sums.get("count") > 0) out.put("accuracy", sums.get("correct") / sums.get("count"));
    macroF1(sums).ifPresent(f1 -> out.put("macro_f1", f1));
    sums.forEach((k, v) -> {
      if (TelemetryKeys.isLoss(k) && n > 0) out.put(k, v / n);
    });
    out.put("examples", n);
    return out;
  }

  /** Every evaluation sum over the split's batches ({@code training.eval_batches} of them when set). */
  private Map<String, Double> sums(Split split) {
    Map<String, Double> sums = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(tg.evalSums().keySet());
    Iterator<Batch> it = LabelRange.checked(plan.dataset().batches(split, plan.batchSize(), plan.seed()),
        plan.dataset(), plan.datasetName(), split.name().toLowerCase(Locale.ROOT));
    int limit = plan.training().evalBatches();
    if (split == Split.TRAIN && limit <= 0) {
      // the training stream is endless: one pass over its size
      limit = (plan.dataset().size(Split.TRAIN) + plan.batchSize() - 1) / plan.batchSize();
    }
    for (int b = 0; it.hasNext() && (limit <= 0 || b < limit); b++) {
      Map<String, Tensor> batch = BatchFeeder.toTensors(it.next());
      try {
        Session.Runner r = runner.runnerFor(batch);
        for (String k : keys) r.fetch(tg.evalSums().get(k));
        try (Result res = r.run()) {
          for (int i = 0; i < keys.size(); i++) {
            sums.merge(keys.get(i), (double) ((TFloat32) res.get(i)).getFloat(), Double::sum);
          }
        }
      } finally {
        batch.values().forEach(Tensor::close);
      }
    }
    return sums;
  }

  /**
   * The mean over tags t ≥ 1 that occur in the split of F1_t = 2·tp / (predicted + gold); empty for
   * a model that is not a tagger.
   */
  static OptionalDouble macroF1(Map<String, Double> sums) {
    double total = 0;
    int tags = 0;
    for (int t = 1; sums.containsKey("tp/" + t); t++) {
      double gold = sums.get("gold/" + t);
      if (gold <= 0) continue;
      total += 2 * sums.get("tp/" + t) / (sums.get("predicted/" + t) + gold);
      tags++;
    }
    return tags == 0 ? OptionalDouble.empty() : OptionalDouble.of(total / tags);
  }
}
