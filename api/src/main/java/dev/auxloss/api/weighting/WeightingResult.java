package dev.auxloss.api.weighting;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * What a strategy hands to the optimizer: one gradient per trainable variable (by variable name; a
 * missing name means zero), the effective weight of every term (reported and logged), extra scalars
 * for telemetry, and state updates to run in the same step.
 */
public record WeightingResult(
    Map<String, Operand<TFloat32>> gradients,
    Map<String, Operand<TFloat32>> effectiveWeights,
    Map<String, Operand<TFloat32>> telemetry,
    List<Op> updates) {
  public WeightingResult {
    gradients = Map.copyOf(gradients);
    effectiveWeights = Map.copyOf(effectiveWeights);
    telemetry = Map.copyOf(telemetry);
    updates = List.copyOf(updates);
  }
}
