package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.tf.graph.TelemetryKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One checkpointed scalar per term ({@code <strategy>/<term>/<what>}), read as a vector and
 * assigned from one; plus the single-backward-pass output path of the loss-weighting strategies. A
 * variable per term, rather than one vector, keeps checkpoints valid when terms are added or
 * reordered.
 */
final class TermState {
  private final WeightingContext ctx;
  private final List<Var> vars;

  private TermState(WeightingContext ctx, List<Var> vars) {
    this.ctx = ctx;
    this.vars = vars;
  }

  static TermState create(
      WeightingContext ctx, String strategy, List<Term> terms, String what, Initializer init) {
    List<Var> vars = new ArrayList<>();
    for (Term t : terms) {
      vars.add(ctx.stateVariable(strategy + "/" + t.name() + "/" + what, Shape.scalar(), init));
    }
    return new TermState(ctx, vars);
  }

  Operand<TFloat32> value(GramMath m) {
    return m.stack(vars.stream().map(Var::value).toList());
  }

  /** Each term's variable ← its entry of {@code v}, through {@link WeightingContext#assign}. */
  void assign(GramMath m, Operand<TFloat32> v) {
    for (int i = 0; i < vars.size(); i++) ctx.assign(vars.get(i), m.at(v, i));
  }

  /**
   * The terms a loss-weighting strategy adapts: primaries and auxiliaries (regularizers stay
   * fixed).
   */
  static List<Term> participants(List<Term> terms) {
    return terms.stream().filter(TermState::participates).toList();
  }

  static boolean participates(Term t) {
    return t.role() != Role.REGULARIZER;
  }

  /** {@code term/<name>/<suffix>} for each of {@code terms}, from a vector. */
  static Map<String, Operand<TFloat32>> perTerm(
      GramMath m, List<Term> terms, String suffix, Operand<TFloat32> v) {
    Map<String, Operand<TFloat32>> out = new LinkedHashMap<>();
    for (int i = 0; i < terms.size(); i++)
      out.put(TelemetryKeys.term(terms.get(i).name(), suffix), m.at(v, i));
    return out;
  }

  /** One backward pass of {@code total} with respect to every parameter, by variable name. */
  static Map<String, Operand<TFloat32>> gradients(WeightingContext ctx, Operand<TFloat32> total) {
    List<Var> params = ctx.parameters();
    List<Operand<TFloat32>> grads = ctx.gradients(total, params.stream().map(Var::value).toList());
    Map<String, Operand<TFloat32>> out = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) out.put(params.get(i).name(), grads.get(i));
    return out;
  }

  /** Each term's scheduled weight, times its adaptive factor where it has one, by term name. */
  static Map<String, Operand<TFloat32>> effectiveWeights(
      Ops tf, List<Term> terms, Map<Term, Operand<TFloat32>> factor) {
    Map<String, Operand<TFloat32>> out = new LinkedHashMap<>();
    for (Term t : terms) {
      Operand<TFloat32> f = factor.get(t);
      out.put(t.name(), f == null ? t.scheduledWeight() : tf.math.mul(t.scheduledWeight(), f));
    }
    return out;
  }

  /**
   * The output of a loss-weighting strategy: one backward pass of Σ wᵢ·factorᵢ·Lᵢ (factor 1 where a
   * term has none), effective weights wᵢ·factorᵢ.
   */
  static WeightingResult result(
      WeightingContext ctx,
      Ops tf,
      Map<Term, Operand<TFloat32>> factor,
      Map<String, Operand<TFloat32>> telemetry) {
    Operand<TFloat32> total = weightedSum(tf, ctx.terms(), factor);
    return new WeightingResult(
        gradients(ctx, total), effectiveWeights(tf, ctx.terms(), factor), telemetry);
  }

  /** Σ over terms of weight·value, with the adaptive factor of the terms that have one. */
  static Operand<TFloat32> weightedSum(
      Ops tf, List<Term> terms, Map<Term, Operand<TFloat32>> factor) {
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (Term t : terms) {
      Operand<TFloat32> w = t.scheduledWeight();
      Operand<TFloat32> f = factor.get(t);
      parts.add(tf.math.mul(f == null ? w : tf.math.mul(w, f), t.value()));
    }
    return parts.size() == 1 ? parts.get(0) : tf.math.addN(parts);
  }
}
