package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The default: L = Σᵢ wᵢ(step)·Lᵢ with the configured weights and schedules, and one backward pass
 * of L. Per-term gradient telemetry is not computed (it would cost one backward pass per term).
 */
public final class StaticWeighting implements WeightingStrategy {
  @Override
  public WeightingResult combine(WeightingContext ctx) {
    Ops tf = ctx.tf();
    Map<String, Operand<TFloat32>> weights = new HashMap<>();
    List<Operand<TFloat32>> weighted = new ArrayList<>();
    for (Term t : ctx.terms()) {
      weights.put(t.name(), t.scheduledWeight());
      weighted.add(tf.math.mul(t.scheduledWeight(), t.value()));
    }
    Operand<TFloat32> total = tf.withName("total").math.addN(weighted);
    List<Var> params = ctx.parameters();
    List<Operand<TFloat32>> values = params.stream().map(Var::value).toList();
    List<Operand<TFloat32>> grads = ctx.gradients(total, values);
    Map<String, Operand<TFloat32>> byName = new HashMap<>();
    for (int i = 0; i < params.size(); i++) byName.put(params.get(i).name(), grads.get(i));
    return new WeightingResult(byName, weights, Map.of());
  }
}
