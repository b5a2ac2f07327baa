package dev.auxloss.api.weighting;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * What a weighting strategy combines: the terms, the trainable variables, and in-graph gradients.
 * Everything it builds runs inside the single training {@code Session.run}.
 */
public interface WeightingContext {
  /** Ops scoped to {@code weighting/}. */
  Ops tf();

  List<Term> terms();

  /** Every trainable variable the update applies to (model and train-only heads). */
  List<Var> parameters();

  /**
   * Where gradients are compared (cosines, projections): all shared variables by default (those
   * more than one term reaches), or the group the config names.
   */
  List<Var> comparedParameters();

  /**
   * Gradients of {@code scalar} with respect to each of {@code xs} (variable values or endpoints),
   * zeros where {@code scalar} does not depend on one. One backward pass in the graph.
   */
  List<Operand<TFloat32>> gradients(Operand<TFloat32> scalar, List<Operand<TFloat32>> xs);

  /**
   * {@code term}'s value as a strategy should observe it (loss ratios, histories, normalisers): no
   * gradient flows through it, and in data-parallel training it is the mean over the workers, so
   * every worker takes the same decision. One process: the value itself.
   */
  default Operand<TFloat32> observedValue(Term term) {
    return tf().stopGradient(term.value());
  }

  /**
   * Whether XLA compiles the step ({@code runtime.xla}). A strategy may then build its solver from
   * ops XLA clusters rather than call a kernel XLA:CPU leaves outside the cluster (MatrixSolve,
   * SelfAdjointEig), which would split the step; off XLA the single kernel is cheaper.
   */
  default boolean compiled() {
    return false;
  }

  /** The gradient of one term's raw value with respect to every parameter, cached per term. */
  List<Operand<TFloat32>> termGradients(Term term);

  /**
   * Non-trainable state (running averages, previous losses), checkpointed, left out of exports.
   * Change it only with {@link #assign}.
   */
  Var stateVariable(String name, Shape shape, Initializer init);

  /**
   * Sets {@code state} (a {@link #stateVariable}) to {@code next} as part of this step's update,
   * after every read of it in the step (reads see the value from before the step). The only way a
   * strategy changes its state: the write belongs to the step, so when the step is skipped (a NaN
   * or Inf term or gradient under {@code on_non_finite: SKIP_BATCH}) it is skipped too, like the
   * optimizer's, and one bad batch never lands in a running average or a counter. At most one
   * assignment per variable and step.
   */
  void assign(Var state, Operand<TFloat32> next);

  /** A variable trained by the optimizer together with the model (uncertainty log-variances). */
  Var trainableVariable(String name, Shape shape, Initializer init);

  Operand<TInt64> globalStep();

  /**
   * Set when the config compares at a representation ({@code compare_on: "endpoint:<name>"}):
   * per-term gradients there, and one backward pass below it. Empty otherwise.
   */
  default Optional<RepresentationGradients> representation() {
    return Optional.empty();
  }
}
