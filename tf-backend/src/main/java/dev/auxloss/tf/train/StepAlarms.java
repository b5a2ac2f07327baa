package dev.auxloss.tf.train;

import dev.auxloss.tf.graph.TelemetryKeys;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the loop does with a finished step's telemetry: the non-finite policy (stop naming the term,
 * or skip the batch with an alarm; the graph has already gated the update off) and the alarm for a
 * term whose gradient stays exactly zero.
 */
final class StepAlarms {
  private final boolean skipNonFinite;
  private final long zeroGradientLimit;
  private final List<TrainingListener> listeners;

  /** Each term's raw-value and gradient-norm telemetry keys, read after every step: built once. */
  private final Map<String, String> rawKeys = new LinkedHashMap<>();

  private final Map<String, String> gradNormKeys = new LinkedHashMap<>();
  private final Map<String, Long> zeroGradientRuns = new HashMap<>();

  StepAlarms(
      Collection<String> terms,
      boolean skipNonFinite,
      long zeroGradientLimit,
      List<TrainingListener> listeners) {
    this.skipNonFinite = skipNonFinite;
    this.zeroGradientLimit = zeroGradientLimit;
    this.listeners = listeners;
    for (String term : terms) {
      rawKeys.put(term, TelemetryKeys.raw(term));
      gradNormKeys.put(term, TelemetryKeys.gradNorm(term));
    }
  }

  /** False when the step was non-finite and skipped; throws under the STOP policy. */
  boolean accept(StepMetrics m) {
    if (!checkFinite(m)) return false;
    checkZeroGradients(m);
    return true;
  }

  /**
   * False when the step was non-finite and skipped (its update was gated off in the graph); throws
   * under the STOP policy, naming the term. Either way the weights are still the last good ones.
   */
  private boolean checkFinite(StepMetrics m) {
    if (m.scalars().getOrDefault(TelemetryKeys.SKIPPED, 0.0) == 0) return true;
    String term = "gradient";
    double value = Double.NaN;
    for (String t : rawKeys.keySet()) {
      double v = m.scalars().get(rawKeys.get(t));
      if (!Double.isFinite(v)) {
        term = t;
        value = v;
        break;
      }
    }
    if (!skipNonFinite) throw new NonFiniteLossException(term, m.step(), value);
    String msg = "skipped batch at step " + m.step() + ": loss term '" + term + "' was " + value;
    listeners.forEach(l -> l.onAlarm(m.step(), msg));
    return false;
  }

  private void checkZeroGradients(StepMetrics m) {
    if (zeroGradientLimit <= 0) return;
    for (String term : gradNormKeys.keySet()) {
      Double g = m.scalars().get(gradNormKeys.get(term));
      if (g == null) continue;
      long run = g == 0 ? zeroGradientRuns.merge(term, 1L, Long::sum) : 0;
      if (g != 0) zeroGradientRuns.put(term, 0L);
      if (run == zeroGradientLimit) {
        String msg =
            "loss term '"
                + term
                + "' has had an exactly zero gradient for "
                + zeroGradientLimit
                + " steps: it does not reach the weights";
        listeners.forEach(l -> l.onAlarm(m.step(), msg));
      }
    }
  }
}
