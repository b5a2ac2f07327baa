package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.weighting.RepresentationGradients;
import dev.auxloss.api.weighting.Term;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The backend's {@link RepresentationGradients}: one backward pass per term from its value down to
 * R and its own head (cached), and one from R to the shared variables below it.
 */
public final class TfRepresentationGradients implements RepresentationGradients {
  private final Ops tf;
  private final Operand<TFloat32> rep;
  private final List<Var> parameters;
  private final List<Var> below;
  private final Set<String> belowNames = new HashSet<>();
  private final GradientBuilder grads;
  private final Map<String, List<Operand<TFloat32>>> passes = new HashMap<>();
  private final Map<String, Boolean> readers = new HashMap<>();

  /** The read op of each variable below R, by op: what {@link #bypass} looks for. */
  private final Map<GraphOperation, String> belowReads = new HashMap<>();

  public TfRepresentationGradients(
      Ops tf, Operand<TFloat32> rep, List<Var> parameters, List<Var> below, GradientBuilder grads) {
    this.tf = tf;
    this.rep = rep;
    this.parameters = List.copyOf(parameters);
    this.below = List.copyOf(below);
    below.forEach(v -> belowNames.add(v.name()));
    below.forEach(v -> belowReads.put((GraphOperation) v.value().op(), v.name()));
    this.grads = grads;
  }

  @Override
  public Operand<TFloat32> tensor() {
    return rep;
  }

  /** Each lookup walks the graph: asked by the build check and again by the strategy, so cached. */
  @Override
  public boolean reads(Term term) {
    return readers.computeIfAbsent(
        term.name(), n -> !grads.reachable(term.value(), List.of(rep)).isEmpty());
  }

  @Override
  public Operand<TFloat32> gradient(Term term) {
    return pass(term).get(0);
  }

  @Override
  public List<Operand<TFloat32>> headGradients(Term term) {
    return pass(term).subList(1, parameters.size() + 1);
  }

  @Override
  public List<Operand<TFloat32>> backpropagate(Operand<TFloat32> seed) {
    return grads.gradients(rep, TfWeightingContext.values(below), seed);
  }

  @Override
  public Operand<TFloat32> overGlobalBatch(Operand<TFloat32> localInner) {
    return grads.globalBatchInner(localInner);
  }

  /** [∂L/∂R (this worker's), ∂L/∂θ per parameter (zeros below R)], one backward pass, cached. */
  private List<Operand<TFloat32>> pass(Term term) {
    return passes.computeIfAbsent(
        term.name(),
        n -> {
          List<Operand<TFloat32>> xs = new ArrayList<>(List.of(rep));
          List<Integer> above = new ArrayList<>();
          for (int k = 0; k < parameters.size(); k++) {
            if (!belowNames.contains(parameters.get(k).name())) {
              above.add(k);
              xs.add(parameters.get(k).value());
            }
          }
          List<Operand<TFloat32>> g = grads.localGradients(term.value(), xs);
          List<Operand<TFloat32>> out = new ArrayList<>(List.of(g.get(0)));
          for (Var v : parameters) out.add(tf.zerosLike(v.value()));
          for (int j = 0; j < above.size(); j++) {
            Operand<TFloat32> gj = g.get(j + 1);
            // The head's weight gradients are averaged over workers like every parameter gradient.
            out.set(above.get(j) + 1, "ZerosLike".equals(gj.op().type()) ? gj : grads.mean(gj));
          }
          return out;
        });
  }

  /**
   * A variable below R that {@code term} reads other than through R, if any: its gradient there
   * would be missed by the one backward pass from R. Walks the term's inputs, not crossing R.
   */
  public Optional<String> bypass(Term term) {
    GraphOperation stop = (GraphOperation) rep.op();
    Deque<GraphOperation> todo = new ArrayDeque<>(List.of((GraphOperation) term.value().op()));
    Set<GraphOperation> seen = new HashSet<>(todo);
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (belowReads.containsKey(op)) return Optional.of(belowReads.get(op));
      if (op.equals(stop)) continue;
      for (Operand<?> in : op.inputs()) {
        GraphOperation o = (GraphOperation) in.op();
        if (seen.add(o)) todo.push(o);
      }
    }
    return Optional.empty();
  }
}
