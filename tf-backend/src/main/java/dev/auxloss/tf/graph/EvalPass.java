package dev.auxloss.tf.graph;

import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.config.MetricPlan;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The evaluation pass: the model in inference mode (no dropout) on the same inputs, sharing the
 * training variables, and per-batch sums so means over a split are exact whatever the batch sizes:
 * {@code examples}, {@code loss/<term>} (batch mean × batch size) for every primary term, and the
 * statistics of each of the plan's metrics, which know what they read: this pass knows no field.
 */
final class EvalPass {
  static final String EXAMPLES = "examples";

  private EvalPass() {}

  /** The sums to fetch per batch, the metrics, and the model's served outputs in inference mode. */
  record Built(
      Map<String, Operand<TFloat32>> sums,
      List<EvalMetric> metrics,
      Map<String, Operand<?>> outputs,
      Map<String, Operand<?>> endpoints) {}

  static Built build(
      Ops tf,
      TrainingPlan plan,
      TfVariableStore store,
      Endpoints fields,
      Operand<TFloat32> mask,
      Operand<TInt64> step) {
    Map<String, Operand<TFloat32>> sums = new LinkedHashMap<>();
    ForwardPass pass =
        ForwardPass.run(plan.model(), tf.withSubScope("model"), store, fields, false, plan.seed());
    Operand<TFloat32> batch =
        tf.dtypes.cast(tf.shape.size(tf.shape(mask), tf.constant(0)), TFloat32.class);
    sums.put(EXAMPLES, batch);
    Ops lossOps = tf.withSubScope("losses");
    for (TermPlan t : plan.terms()) {
      if (t.role() != Role.PRIMARY) continue;
      try {
        Operand<TFloat32> v =
            t.loss()
                .build(
                    new TfLossContext(
                        lossOps.withSubScope(TfVariableStore.opName(t.name())),
                        t.name(),
                        pass.endpoints(),
                        fields,
                        mask,
                        step,
                        false,
                        store,
                        plan.model(),
                        plan.seed()));
        sums.put(TelemetryKeys.evalLoss(t.name()), tf.math.mul(v, batch));
      } catch (RuntimeException e) {
        // A primary term that cannot build in inference mode is reported by the metrics only.
      }
    }
    return new Built(
        sums,
        metrics(tf.withSubScope("metrics"), plan.metrics(), pass, fields),
        pass.outputs().asMap(),
        pass.endpoints().asMap());
  }

  /**
   * Each metric's statistics under {@code metrics/<name>}. A metric the model chose by default is
   * left out when it does not fit the data; one the experiment named must fit: every misfit is
   * thrown together.
   */
  private static List<EvalMetric> metrics(
      Ops tf, List<MetricPlan> plans, ForwardPass pass, Endpoints fields) {
    List<EvalMetric> out = new ArrayList<>();
    List<ConfigError> errors = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      MetricPlan m = plans.get(i);
      try {
        Ops ops = tf.withSubScope(TfVariableStore.opName(m.name()));
        Map<String, Operand<TFloat32>> stats =
            m.metric().update(new TfMetricContext(ops, pass.endpoints(), fields));
        out.add(new EvalMetric(m, stats));
      } catch (RuntimeException e) {
        if (!m.byDefault()) {
          errors.add(
              ConfigError.of(
                  "training.metric[" + i + "] (" + m.name() + ")",
                  "metric '" + m.key() + "' failed to build: " + ConfigError.reason(e)));
        }
      }
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return out;
  }
}
