package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.weighting.RepresentationGradients;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The backend's {@link WeightingContext}: per-term gradients are one {@code addGradients} call per
 * term, built lazily and cached, so static weighting pays for a single backward pass. State writes
 * are collected and built once the step's finite guard exists ({@link #stateUpdates}), since the
 * guard reads the gradients the strategy is still building.
 */
public final class TfWeightingContext implements WeightingContext {
  private final Ops tf;
  private final List<Term> terms;
  private final TfVariableStore store;
  private final List<Var> compared;
  private final GradientBuilder gradients;
  private final Operand<TInt64> step;
  private final Map<String, List<Operand<TFloat32>>> termGradients = new HashMap<>();
  private final RepresentationGradients representation;
  private final Map<String, Operand<TFloat32>> observed = new HashMap<>();
  private final Map<String, Write> writes = new LinkedHashMap<>(); // by variable name

  private record Write(Var state, Operand<TFloat32> next) {}

  private List<Op> built;
  private boolean compiled;

  public TfWeightingContext(
      Ops tf,
      List<Term> terms,
      TfVariableStore store,
      List<Var> compared,
      GradientBuilder gradients,
      Operand<TInt64> step) {
    this(tf, terms, store, compared, gradients, step, null);
  }

  /** With {@code representation} (null: none) for {@code compare_on: "endpoint:<name>"}. */
  public TfWeightingContext(
      Ops tf,
      List<Term> terms,
      TfVariableStore store,
      List<Var> compared,
      GradientBuilder gradients,
      Operand<TInt64> step,
      RepresentationGradients representation) {
    this.representation = representation;
    this.tf = tf;
    this.terms = List.copyOf(terms);
    this.store = store;
    this.compared = List.copyOf(compared);
    this.gradients = gradients;
    this.step = step;
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public List<Term> terms() {
    return terms;
  }

  @Override
  public List<Var> parameters() {
    return store.trainable();
  }

  @Override
  public List<Var> comparedParameters() {
    return compared;
  }

  @Override
  public List<Operand<TFloat32>> gradients(Operand<TFloat32> scalar, List<Operand<TFloat32>> xs) {
    return gradients.gradients(scalar, xs);
  }

  /**
   * The workers' mean of a term's value. The first call reduces every term's value at once: a
   * strategy that reads losses reads them all, so a cluster step pays one collective, not one per
   * term.
   */
  @Override
  public Operand<TFloat32> observedValue(Term term) {
    if (observed.isEmpty()) {
      List<Operand<TFloat32>> values = new ArrayList<>();
      for (Term t : terms) values.add(tf.stopGradient(t.value()));
      List<Operand<TFloat32>> means = gradients.meanAll(values);
      for (int i = 0; i < terms.size(); i++) observed.put(terms.get(i).name(), means.get(i));
    }
    return observed.computeIfAbsent(
        term.name(), n -> gradients.mean(tf.stopGradient(term.value())));
  }

  /** Marks the step as compiled by XLA ({@code runtime.xla}): see {@link #compiled()}. */
  public TfWeightingContext compiledByXla(boolean on) {
    this.compiled = on;
    return this;
  }

  @Override
  public boolean compiled() {
    return compiled;
  }

  @Override
  public List<Operand<TFloat32>> termGradients(Term term) {
    return termGradients.computeIfAbsent(
        term.name(), n -> gradients.gradients(term.value(), values(parameters())));
  }

  @Override
  public Var stateVariable(String name, Shape shape, Initializer init) {
    return store.variable("weighting/" + name, shape, init, false, true);
  }

  @Override
  public void assign(Var state, Operand<TFloat32> next) {
    if (built != null)
      throw new IllegalStateException(
          "state '" + state.name() + "' assigned after the step's updates were built");
    if (state.trainable()) {
      throw new IllegalArgumentException(
          "'"
              + state.name()
              + "' is trainable: the optimizer updates it, a strategy assigns only state variables");
    }
    if (writes.putIfAbsent(state.name(), new Write(state, next)) != null) {
      throw new IllegalArgumentException(
          "state '" + state.name() + "' is assigned twice in one step");
    }
  }

  /**
   * The state writes the strategy asked for, each applied only where {@code apply} is true (the
   * trainer passes its finite guard; a test that runs a strategy alone passes {@code true}). Built
   * once: later calls return the same ops.
   */
  public List<Op> stateUpdates(Operand<TBool> apply) {
    if (built == null) {
      List<Op> ops = new ArrayList<>();
      for (Write w : writes.values()) ops.add(FiniteGuard.write(tf, apply, w.state(), w.next()));
      built = List.copyOf(ops);
    }
    return built;
  }

  @Override
  public Var trainableVariable(String name, Shape shape, Initializer init) {
    return store.variable("weighting/" + name, shape, init, true, true);
  }

  @Override
  public Operand<TInt64> globalStep() {
    return step;
  }

  @Override
  public Optional<RepresentationGradients> representation() {
    return Optional.ofNullable(representation);
  }

  static List<Operand<TFloat32>> values(List<Var> vars) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Var v : vars) out.add(v.value());
    return out;
  }
}
