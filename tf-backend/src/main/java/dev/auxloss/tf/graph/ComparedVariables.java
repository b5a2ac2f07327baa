package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.config.CompareOn;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where the weighting compares the terms' gradients, as {@code weighting.compare_on} says: the
 * variables (shared, all, a name group, or those below an endpoint) and, for an endpoint, the
 * gradients at that representation. A stage of {@link TfGraphBuilder}.
 */
final class ComparedVariables {
  private ComparedVariables() {}

  /** The variables gradients are compared on, as the config's {@code compare_on} says. */
  static List<Var> of(
      CompareOn compareOn,
      List<Var> all,
      List<Term> terms,
      GradientBuilder grads,
      Endpoints endpoints) {
    if (compareOn instanceof CompareOn.Shared) {
      List<Operand<TFloat32>> values = TfWeightingContext.values(all);
      int[] reach = new int[all.size()];
      for (Term t : terms) for (int i : grads.reachable(t.value(), values)) reach[i]++;
      List<Var> out = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) if (reach[i] > 1) out.add(all.get(i));
      return out;
    }
    if (compareOn instanceof CompareOn.All) return all;
    if (compareOn instanceof CompareOn.Group group) {
      return all.stream().filter(v -> v.name().startsWith(group.prefix())).toList();
    }
    // endpoint:<name> — the variables below that representation (everything it depends on).
    Operand<TFloat32> rep = endpoints.get(((CompareOn.Endpoint) compareOn).name(), TFloat32.class);
    java.util.Set<Integer> below = grads.reachable(rep, TfWeightingContext.values(all));
    List<Var> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) if (below.contains(i)) out.add(all.get(i));
    return out;
  }

  /**
   * For {@code compare_on: "endpoint:<name>"}: gradients at that representation, after checking
   * that no term reading it also reads a variable below it another way (its gradient there would be
   * lost).
   */
  static TfRepresentationGradients representation(
      CompareOn compareOn,
      Ops tf,
      List<Term> terms,
      TfVariableStore store,
      List<Var> below,
      GradientBuilder grads,
      Endpoints endpoints) {
    if (!(compareOn instanceof CompareOn.Endpoint endpoint)) return null;
    String name = endpoint.name();
    TfRepresentationGradients rep =
        new TfRepresentationGradients(
            tf.withSubScope("representation"),
            endpoints.get(name, TFloat32.class),
            store.trainable(),
            below,
            grads);
    List<ConfigError> errors = new ArrayList<>();
    for (Term t : terms) {
      if (!rep.reads(t)) continue;
      rep.bypass(t)
          .ifPresent(
              v ->
                  errors.add(
                      ConfigError.of(
                          "weighting.compare_on",
                          "'"
                              + compareOn.text()
                              + "' needs every term that reads '"
                              + name
                              + "' to reach the layers below it only "
                              + "through it, but '"
                              + t.name()
                              + "' also reads variable '"
                              + v
                              + "' directly; compare on "
                              + "an endpoint below that variable, or use shared")));
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return rep;
  }
}
