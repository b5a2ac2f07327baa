package dev.auxloss.tf.train;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.metric.MetricTotals;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.graph.EvalMetric;
import dev.auxloss.tf.graph.TelemetryKeys;
import dev.auxloss.tf.graph.TrainingGraph;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Scores a split with the graph's inference-mode pass (as DJL's {@code Evaluator}s and TF Java's
 * {@code Metric}s: update per batch, result at the end): one {@code Session.run} per batch fetches
 * every sum and every metric statistic, which are summed over the split's batches (exact means
 * whatever the batch sizes); each metric then finishes its value on the host.
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

  /**
   * Each metric by its reported name (when defined on the split), the mean of each primary term,
   * {@code examples}.
   */
  Map<String, Double> evaluate(Split split) {
    Map<String, Double> sums = new LinkedHashMap<>();
    List<MetricTotals> totals = new ArrayList<>();
    tg.evalMetrics().forEach(m -> totals.add(new MetricTotals()));
    accumulate(split, sums, totals);
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < totals.size(); i++) {
      String name = tg.evalMetrics().get(i).plan().name();
      tg.evalMetrics()
          .get(i)
          .plan()
          .metric()
          .result(totals.get(i))
          .ifPresent(v -> out.put(name, v));
    }
    double n = sums.getOrDefault("examples", 0.0);
    sums.forEach(
        (k, v) -> {
          if (TelemetryKeys.isLoss(k) && n > 0) out.put(k, v / n);
        });
    out.put("examples", n);
    return out;
  }

  /** Sums over the split's batches ({@code training.eval_batches} of them when set). */
  private void accumulate(Split split, Map<String, Double> sums, List<MetricTotals> totals) {
    List<String> keys = new ArrayList<>(tg.evalSums().keySet());
    Iterator<Batch> it =
        LabelRange.checked(
            plan.dataset().batches(split, plan.batchSize(), plan.seed()),
            plan.dataset(),
            plan.datasetName(),
            split.name().toLowerCase(Locale.ROOT));
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
        List<List<String>> statNames = new ArrayList<>();
        for (EvalMetric m : tg.evalMetrics()) {
          List<String> names = new ArrayList<>(m.stats().keySet());
          statNames.add(names);
          for (String s : names) r.fetch(m.stats().get(s));
        }
        try (Result res = SessionRuns.run(r)) {
          int f = 0;
          for (String k : keys)
            sums.merge(k, (double) ((TFloat32) res.get(f++)).getFloat(), Double::sum);
          for (int i = 0; i < statNames.size(); i++) {
            for (String s : statNames.get(i)) totals.get(i).add(s, values((TFloat32) res.get(f++)));
          }
        }
      } finally {
        batch.values().forEach(Tensor::close);
      }
    }
  }

  private static float[] values(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }
}
