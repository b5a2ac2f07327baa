package dev.auxloss.api.weighting;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What a strategy hands to the optimizer: one gradient per trainable variable (by variable name; a
 * missing name means zero), the effective weight of every term (reported and logged) and extra
 * scalars for telemetry. State changes are not part of the result: they go through {@link
 * WeightingContext#assign}, so they are skipped with a non-finite step.
 */
public record WeightingResult(
    Map<String, Operand<TFloat32>> gradients,
    Map<String, Operand<TFloat32>> effectiveWeights,
    Map<String, Operand<TFloat32>> telemetry) {
  public WeightingResult {
    gradients = Map.copyOf(gradients);
    effectiveWeights = Map.copyOf(effectiveWeights);
    telemetry = Map.copyOf(telemetry);
  }
}
