package dev.auxloss.api.weighting;

/**
 * Turns the loss terms into one gradient per variable, inside the graph. Static weighting (the
 * default) takes one backward pass of Σ wᵢ·Lᵢ; gradient-conflict strategies take one per term
 * through {@link WeightingContext#termGradients} and combine them in the same step.
 */
@FunctionalInterface
public interface WeightingStrategy {
  WeightingResult combine(WeightingContext ctx);
}
