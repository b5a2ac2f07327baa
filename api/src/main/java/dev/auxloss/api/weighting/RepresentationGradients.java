package dev.auxloss.api.weighting;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Gradients at a representation, for {@code compare_on: "endpoint:<name>"}: terms are compared by
 * their gradients with respect to the representation tensor R instead of the shared weights below
 * it (the "rep-grad" mode of LibMTL, Lin &amp; Zhang 2023). Each term then back-propagates only
 * through its own path down to R, and the shared layers below R get ONE backward pass seeded with
 * the combined gradient Σᵢ cᵢ·∂Lᵢ/∂R — for a linear combination this is exactly Σᵢ cᵢ·∂Lᵢ/∂θ by the
 * chain rule, so a strategy's per-term cost no longer includes the trunk.
 *
 * <p>Every term that reads R must depend on the layers below R only through R (the graph builder
 * checks this and reports a term that bypasses it). Terms that do not read R (a regularizer on the
 * weights, a companion loss below R) are not compared: they keep their scheduled weight and their
 * own full gradient.
 */
public interface RepresentationGradients {
  /** R, the endpoint named by {@code compare_on}. */
  Operand<TFloat32> tensor();

  /** Whether {@code term}'s value depends on R. */
  boolean reads(Term term);

  /**
   * ∂L/∂R for a term that {@link #reads} R, on this worker's own examples (in data-parallel
   * training it is not averaged over workers: its rows are this worker's batch), with the same
   * shape as R.
   */
  Operand<TFloat32> gradient(Term term);

  /**
   * Inner products of representation gradients (a Gram matrix, norms) over the global batch, from
   * this worker's: in data-parallel training every worker then takes the same decision, exactly as
   * one process with the global batch would; in one process the identity.
   */
  Operand<TFloat32> overGlobalBatch(Operand<TFloat32> localInner);

  /**
   * ∂L/∂θ for every parameter of {@link WeightingContext#parameters()}, in order, taken in the same
   * backward pass as {@link #gradient}: exact for the parameters not below R (its head), zeros (a
   * {@code ZerosLike} op) for the parameters below R, which {@link #backpropagate} covers.
   */
  List<Operand<TFloat32>> headGradients(Term term);

  /**
   * The gradients of the parameters below R ({@link WeightingContext#comparedParameters()}, in that
   * order) of Σ seed ⊙ R: one backward pass from R, averaged over workers like every parameter
   * gradient.
   */
  List<Operand<TFloat32>> backpropagate(Operand<TFloat32> seed);
}
