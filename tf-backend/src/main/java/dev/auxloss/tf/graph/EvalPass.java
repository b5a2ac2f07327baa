package dev.auxloss.tf.graph;

import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.api.loss.Role;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The evaluation pass: the model in inference mode (no dropout) on the same inputs, sharing the
 * training variables, and per-batch sums so means over a split are exact whatever the batch sizes:
 * {@code correct}/{@code count} for the accuracy of the {@code logits} output against the target
 * field ({@code label}, or {@code tags} for sequence labelling, counted over {@code token_mask}),
 * per-tag counts for the macro F1 of a tagger, and {@code loss/<term>} (batch mean × batch size)
 * for every primary term.
 */
final class EvalPass {
  private EvalPass() {}

  /** The sums to fetch per batch and the model's served outputs in inference mode. */
  record Built(Map<String, Operand<TFloat32>> sums, Map<String, Operand<?>> outputs, Map<String, Operand<?>> endpoints) {}

  static Built build(
      Ops tf, TrainingPlan plan, TfVariableStore store, Endpoints fields, Operand<TFloat32> mask,
      Operand<TInt64> step) {
    Map<String, Operand<TFloat32>> sums = new LinkedHashMap<>();
    ForwardPass pass = ForwardPass.run(plan.model(), tf.withSubScope("model"), store, fields, false, plan.seed());
    Operand<TFloat32> batch = tf.dtypes.cast(tf.shape.size(tf.shape(mask), tf.constant(0)), TFloat32.class);
    sums.put("examples", batch);
    String target = fields.has("label") ? "label" : "tags";
    if (pass.outputs().has("logits") && fields.has(target)) {
      Operand<TFloat32> logits = pass.outputs().get("logits", TFloat32.class);
      Operand<TInt32> label = fields.get(target, TInt32.class);
      if (logits.shape().numDimensions() == label.shape().numDimensions() + 1) {
        Operand<TInt32> pred = tf.math.argMax(logits, tf.constant(-1), TInt32.class);
        Operand<TFloat32> correct = tf.dtypes.cast(tf.math.equal(pred, label), TFloat32.class);
        Operand<TFloat32> weight = tf.onesLike(correct);
        if (fields.has("token_mask") && fields.get("token_mask", TFloat32.class).shape().numDimensions()
            == correct.shape().numDimensions()) {
          weight = fields.get("token_mask", TFloat32.class);
        }
        Operand<TInt32> axes = tf.range(tf.constant(0), tf.rank(correct), tf.constant(1));
        sums.put("correct", tf.reduceSum(tf.math.mul(correct, weight), axes));
        sums.put("count", tf.reduceSum(weight, axes));
        if (target.equals("tags")) tagCounts(tf, pred, label, weight, logits, axes, sums);
      }
    }
    Ops lossOps = tf.withSubScope("losses");
    for (TermPlan t : plan.terms()) {
      if (t.role() != Role.PRIMARY) continue;
      try {
        Operand<TFloat32> v = t.loss().build(new TfLossContext(
            lossOps.withSubScope(TfVariableStore.opName(t.name())), t.name(), pass.endpoints(), fields,
            mask, step, false, store, plan.model(), plan.seed()));
        sums.put(TelemetryKeys.evalLoss(t.name()), tf.math.mul(v, batch));
      } catch (RuntimeException e) {
        // A primary term that cannot build in inference mode is reported by accuracy only.
      }
    }
    return new Built(sums, pass.outputs().asMap(), pass.endpoints().asMap());
  }

  /**
   * Per tag t ≥ 1 (tag 0 is "nothing to restore"): {@code tp/t}, {@code predicted/t} and {@code
   * gold/t} over real tokens, from which the evaluation computes the macro F1 of the tags — token
   * accuracy hides the rare tags behind the frequent tag 0.
   */
  private static void tagCounts(Ops tf, Operand<TInt32> pred, Operand<TInt32> label, Operand<TFloat32> weight,
      Operand<TFloat32> logits, Operand<TInt32> axes, Map<String, Operand<TFloat32>> sums) {
    long tags = logits.shape().get(logits.shape().numDimensions() - 1);
    for (int t = 1; t < tags; t++) {
      Operand<TFloat32> isPred = tf.math.mul(weight, tf.dtypes.cast(tf.math.equal(pred, tf.constant(t)), TFloat32.class));
      Operand<TFloat32> isGold = tf.math.mul(weight, tf.dtypes.cast(tf.math.equal(label, tf.constant(t)), TFloat32.class));
      sums.put("tp/" + t, tf.reduceSum(tf.math.mul(isPred, isGold), axes));
      sums.put("predicted/" + t, tf.reduceSum(isPred, axes));
      sums.put("gold/" + t, tf.reduceSum(isGold, axes));
    }
  }
}
