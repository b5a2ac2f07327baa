package dev.auxloss.tf.graph;

import dev.auxloss.config.MetricPlan;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A metric built into the evaluation pass: the statistics to fetch per batch and sum. */
public record EvalMetric(MetricPlan plan, Map<String, Operand<TFloat32>> stats) {
  public EvalMetric {
    stats = Map.copyOf(stats);
  }
}
