package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.RepresentationGradients;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.tf.graph.TelemetryKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The per-term gradients every gradient-comparing strategy starts from, and the shared output path.
 *
 * <ul>
 *   <li>One backward pass per term ({@link WeightingContext#termGradients}); on the compared
 *       parameters they are flattened, concatenated into G [n, D] and reduced to the Gram matrix K
 *       = G·Gᵀ [n, n]. Every strategy here solves on K alone and returns coefficients c, so its
 *       compared gradient is Σᵢ cᵢ·∇Lᵢ: projections and min-norm points are linear combinations of
 *       the term gradients, and D-sized vectors are never built twice.
 *   <li><em>Participants</em> are the primary and auxiliary terms; regularizers are never compared,
 *       projected or re-weighted (they keep their scheduled weight everywhere). Strategies see the
 *       participants' <em>weighted</em> Gram, of vᵢ = wᵢ·∇Lᵢ with wᵢ the scheduled weight, so a
 *       schedule multiplies whatever the strategy does and a term scheduled to 0 takes no part.
 *   <li>Variables outside the compared set (a head only one term reaches) get the plain weighted
 *       sum Σᵢ wᵢ·∇Lᵢ unless the strategy re-weights losses (GradNorm), which passes its own
 *       coefficients.
 *   <li>With {@code compare_on: "endpoint:<R>"} ({@link WeightingContext#representation()}) the
 *       rows of G are the terms' gradients with respect to the representation R (each term
 *       back-propagates only down to R), only terms that read R take part, and the variables below
 *       R get one backward pass seeded with Σᵢ cᵢ·∂Lᵢ/∂R plus the own gradients of the terms that
 *       do not read R. Norms and cosines are then measured at R.
 *   <li>Telemetry for every term: {@code term/<name>/grad_norm} (‖∇Lᵢ‖ on the compared parameters),
 *       and, when there is a primary, {@code term/<name>/cosine} to the primary gradient p =
 *       Σ_primary wⱼ·∇Lⱼ and {@code term/<name>/conflict_rate}, the running share of steps with a
 *       negative cosine, kept in state variables {@code telemetry/<name>/conflicts} and {@code
 *       telemetry/steps}.
 * </ul>
 */
final class TermGradients {
  final Ops tf;
  final GramMath m;
  final WeightingContext ctx;
  final List<Term> terms;
  final int n;

  /** Indices (into {@link #terms}) of primary and auxiliary terms, in term order. */
  final int[] participants;

  final boolean[] primary;
  final List<Var> params;
  final boolean[] compared;

  /** grads.get(i).get(k): d Lᵢ / d params[k]. */
  final List<List<Operand<TFloat32>>> grads = new ArrayList<>();

  /** Scheduled weights [n]. */
  final Operand<TFloat32> weights;

  /** Raw term values as strategies observe them (no gradient; the workers' mean) [n]. */
  final Operand<TFloat32> values;

  /** Set in representation mode ({@code compare_on: "endpoint:<R>"}). */
  final RepresentationGradients rep;

  /** repGrads.get(i): ∂Lᵢ/∂R, null for a term that does not read R (representation mode only). */
  final List<Operand<TFloat32>> repGrads = new ArrayList<>();

  /** Raw Gram matrix Kᵢⱼ = ∇Lᵢ·∇Lⱼ on the compared parameters [n, n]. */
  final Operand<TFloat32> gram;

  /**
   * G [n, D]: row i is ∇Lᵢ flattened over the compared parameters in parameter order (∂Lᵢ/∂R in
   * representation mode).
   */
  private final Operand<TFloat32> rows;

  private TermGradients(WeightingContext ctx, Ops tf) {
    this.ctx = ctx;
    this.tf = tf;
    this.m = new GramMath(tf, ctx.compiled());
    this.terms = ctx.terms();
    this.n = terms.size();
    this.rep = ctx.representation().orElse(null);
    List<Integer> part = new ArrayList<>();
    primary = new boolean[n];
    for (int i = 0; i < n; i++) {
      Term t = terms.get(i);
      repGrads.add(rep != null && rep.reads(t) ? rep.gradient(t) : null);
      if (TermState.participates(t) && (rep == null || repGrads.get(i) != null)) part.add(i);
      primary[i] = t.role() == Role.PRIMARY;
    }
    participants = part.stream().mapToInt(Integer::intValue).toArray();
    params = ctx.parameters();
    Set<String> comparedNames = new HashSet<>();
    ctx.comparedParameters().forEach(v -> comparedNames.add(v.name()));
    compared = new boolean[params.size()];
    for (int k = 0; k < params.size(); k++)
      compared[k] = comparedNames.contains(params.get(k).name());
    List<Operand<TFloat32>> flat = new ArrayList<>();
    Operand<TFloat32> noRow = null; // one zero row at R for every term that does not read it
    for (int i = 0; i < n; i++) {
      Term t = terms.get(i);
      if (rep == null) {
        List<Operand<TFloat32>> g = ctx.termGradients(t);
        grads.add(g);
        flat.add(flatten(g));
      } else if (repGrads.get(i) != null) {
        grads.add(rep.headGradients(t));
        flat.add(tf.reshape(repGrads.get(i), tf.constant(new long[] {-1})));
      } else {
        grads.add(ctx.termGradients(t));
        if (noRow == null)
          noRow = tf.reshape(tf.zerosLike(rep.tensor()), tf.constant(new long[] {-1}));
        flat.add(noRow);
      }
    }
    weights = m.stack(terms.stream().map(Term::scheduledWeight).toList());
    values = m.stack(terms.stream().map(ctx::observedValue).toList());
    this.rows = tf.withName("term_gradients").stack(flat);
    Operand<TFloat32> k = m.matMulT(this.rows, this.rows);
    // At a representation the rows are this worker's examples: sum them over the global batch.
    gram = tf.withName("gram").identity(rep == null ? k : rep.overGlobalBatch(k));
  }

  /**
   * Takes one backward pass per term and builds the Gram matrix, naming ops under {@code scope}.
   */
  static TermGradients of(WeightingContext ctx, String scope) {
    if (ctx.terms().isEmpty()) throw new IllegalArgumentException("no loss terms to weight");
    return new TermGradients(ctx, ctx.tf().withSubScope(scope));
  }

  private Operand<TFloat32> flatten(List<Operand<TFloat32>> g) {
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (int k = 0; k < g.size(); k++) {
      if (compared[k]) parts.add(tf.reshape(g.get(k), tf.constant(new long[] {-1})));
    }
    if (parts.isEmpty()) return tf.constant(new float[] {0f});
    return parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(0));
  }

  int size() {
    return participants.length;
  }

  Term participant(int j) {
    return terms.get(participants[j]);
  }

  boolean hasPrimary() {
    for (boolean p : primary) if (p) return true;
    return false;
  }

  /** ‖∇Lᵢ‖ on the compared parameters [n]. */
  Operand<TFloat32> norms() {
    return m.sqrt(m.diag(gram, n));
  }

  /** The scheduled weights restricted to primaries [n]. */
  Operand<TFloat32> primaryWeights() {
    float[] mask = new float[n];
    for (int i = 0; i < n; i++) mask[i] = primary[i] ? 1f : 0f;
    return tf.math.mul(weights, tf.constant(mask));
  }

  /** ∇Lᵢ·p for every term, p = Σ_primary wⱼ·∇Lⱼ [n]. */
  Operand<TFloat32> primaryDots() {
    return m.matVec(gram, primaryWeights());
  }

  /** ‖p‖². */
  Operand<TFloat32> primaryNormSquared() {
    return m.quad(gram, primaryWeights());
  }

  /** cos(∇Lᵢ, p) [n]; 0 where either gradient is zero. */
  Operand<TFloat32> primaryCosines() {
    Operand<TFloat32> denom = tf.math.mul(norms(), m.sqrt(primaryNormSquared()));
    return m.clip(m.div(primaryDots(), denom), -1, 1);
  }

  /** Gathers a vector [n] to the participants [m]. */
  Operand<TFloat32> toParticipants(Operand<TFloat32> v) {
    return tf.gather(v, tf.constant(participants), tf.constant(0));
  }

  /** The participants' weighted Gram (wᵢ∇Lᵢ)·(wⱼ∇Lⱼ) [m, m]. */
  Operand<TFloat32> participantGram() {
    Operand<TFloat32> rows = tf.gather(gram, tf.constant(participants), tf.constant(0));
    return weighted(tf.gather(rows, tf.constant(participants), tf.constant(1)));
  }

  /** A participants' raw Gram [m, m] as the Gram of their weighted gradients: Kᵢⱼ·wᵢwⱼ. */
  private Operand<TFloat32> weighted(Operand<TFloat32> k) {
    Operand<TFloat32> w = toParticipants(weights);
    return tf.math.mul(k, m.outer(w, w));
  }

  /**
   * The participants' weighted Gram on a group of compared parameters only ({@code variables}:
   * indices into {@link #params}) [m, m]: strategies that work per layer (GradVac) solve one per
   * group.
   */
  Operand<TFloat32> participantGram(List<Integer> variables) {
    if (rep != null)
      throw new IllegalStateException("per-group Gram matrices need compare_on on parameters");
    List<Operand<TFloat32>> rows = new ArrayList<>();
    for (int participant : participants) {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int k : variables)
        parts.add(tf.reshape(grads.get(participant).get(k), tf.constant(new long[] {-1})));
      rows.add(parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(0)));
    }
    Operand<TFloat32> g = tf.stack(rows);
    return weighted(m.matMulT(g, g));
  }

  /** The participants' raw gradients on the compared parameters, flattened [m, D]. */
  Operand<TFloat32> participantRows() {
    return tf.gather(rows, tf.constant(participants), tf.constant(0));
  }

  /**
   * The participants' raw gradients on each compared parameter (in {@link #comparedIndices} order),
   * flattened [m, dₖ]: one split of {@link #participantRows}, so per-variable work costs one node
   * per variable, not one per term and variable.
   */
  List<Operand<TFloat32>> participantRowsPerVariable() {
    if (rep != null)
      throw new IllegalStateException("per-variable gradients need compare_on on parameters");
    return splitPerVariable(participantRows());
  }

  /** A tensor [r, D] over the compared parameters as one [r, dₖ] per parameter (one node). */
  List<Operand<TFloat32>> splitPerVariable(Operand<TFloat32> flat) {
    long[] sizes = comparedSizes();
    if (sizes.length <= 1) return sizes.length == 0 ? List.of() : List.of(flat);
    return List.copyOf(
        tf.splitV(flat, tf.constant(sizes), tf.constant(1), (long) sizes.length).output());
  }

  /** Each compared parameter's element count dₖ, in {@link #comparedIndices} order. */
  long[] comparedSizes() {
    List<Integer> shared = comparedIndices();
    long[] sizes = new long[shared.size()];
    for (int j = 0; j < sizes.length; j++) {
      Shape s = params.get(shared.get(j)).value().shape();
      if (s.hasUnknownDimension())
        throw new IllegalStateException("variable " + params.get(shared.get(j)).name() + ": " + s);
      sizes[j] = s.size();
    }
    return sizes;
  }

  /**
   * The participants' weighted Gram on each compared parameter alone (in {@link #comparedIndices}
   * order) [V, m, m]: what {@link #participantGram(List)} gives for one variable, for all of them
   * at once.
   */
  Operand<TFloat32> participantGramPerVariable() {
    List<Operand<TFloat32>> grams = new ArrayList<>();
    for (Operand<TFloat32> g : participantRowsPerVariable()) grams.add(m.matMulT(g, g));
    Operand<TFloat32> w = toParticipants(weights);
    return tf.math.mul(tf.stack(grams), m.outer(w, w));
  }

  /**
   * The compared parameters (indices into {@link #params}) grouped by {@code granularity}: {@code
   * model} is one group named "" (so is representation mode), {@code layer} the variables sharing a
   * name up to the last {@code /} (a kernel and its bias), {@code variable} each tensor alone.
   */
  Map<String, List<Integer>> groups(String granularity) {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    List<Integer> all = comparedIndices();
    if (granularity.equals("model") || rep != null || all.isEmpty()) {
      out.put("", all);
      return out;
    }
    for (int k : all) {
      String name = params.get(k).name();
      String key =
          granularity.equals("variable") || name.lastIndexOf('/') < 0
              ? name
              : name.substring(0, name.lastIndexOf('/'));
      out.computeIfAbsent(key, x -> new ArrayList<>()).add(k);
    }
    return out;
  }

  /** Weights β [p] of the participants from their weighted Gram matrix [p, p]. */
  interface GramWeights {
    Operand<TFloat32> of(GramMath m, Operand<TFloat32> gram, int p);
  }

  /**
   * The output of a strategy that only reweights the participants' gradients on the compared
   * parameters by β (UPGrad, Aligned-MTL): their effective weights are wᵢβᵢ, reported with each βᵢ
   * as {@code adaptive_weight}.
   */
  WeightingResult reweighted(GramWeights weights) {
    int p = size();
    if (p == 0)
      return result(fromParticipants(m.zeros(0)), this.weights, byTerm(this.weights), Map.of());
    Operand<TFloat32> beta = weights.of(m, participantGram(), p);
    Operand<TFloat32> c = fromParticipants(beta);
    return result(c, this.weights, byTerm(c), perParticipant("adaptive_weight", beta));
  }

  /** Indices (into {@link #params}) of the compared parameters, in parameter order. */
  List<Integer> comparedIndices() {
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < params.size(); k++) if (compared[k]) out.add(k);
    return out;
  }

  /**
   * Raw coefficients cᵢ [n] from coefficients β [m] on the participants' weighted gradients: cᵢ =
   * wᵢ·βⱼ for participant j = i, cᵢ = wᵢ for a regularizer.
   */
  Operand<TFloat32> fromParticipants(Operand<TFloat32> beta) {
    return m.vector(fromParticipantRows(m.rowVector(beta)));
  }

  /** {@link #fromParticipants} for each row of β [g, m]: coefficients [g, n]. */
  Operand<TFloat32> fromParticipantRows(Operand<TFloat32> beta) {
    int p = size();
    float[][] scatter = new float[p][n];
    float[] fixed = new float[n];
    java.util.Arrays.fill(fixed, 1f);
    for (int j = 0; j < p; j++) {
      scatter[j][participants[j]] = 1f;
      fixed[participants[j]] = 0f;
    }
    Operand<TFloat32> spread = tf.linalg.matMul(beta, tf.constant(scatter));
    return tf.math.mul(weights, tf.math.add(spread, tf.constant(fixed)));
  }

  /** {@code term/<name>/<suffix>} for each participant, from a vector [m]. */
  Map<String, Operand<TFloat32>> perParticipant(String suffix, Operand<TFloat32> v) {
    Map<String, Operand<TFloat32>> out = new LinkedHashMap<>();
    for (int j = 0; j < size(); j++)
      out.put(TelemetryKeys.term(participant(j).name(), suffix), m.at(v, j));
    return out;
  }

  /** Every term's entry of a vector [n], by term name. */
  Map<String, Operand<TFloat32>> byTerm(Operand<TFloat32> v) {
    Map<String, Operand<TFloat32>> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) out.put(terms.get(i).name(), m.at(v, i));
    return out;
  }

  /**
   * The strategy's output: compared variables get Σᵢ cᵢ·∇Lᵢ, the others Σᵢ oᵢ·∇Lᵢ; telemetry adds
   * the shared per-term entries to {@code extra} (and assigns the conflict counters).
   */
  WeightingResult result(
      Operand<TFloat32> comparedCoefficients,
      Operand<TFloat32> otherCoefficients,
      Map<String, Operand<TFloat32>> effectiveWeights,
      Map<String, Operand<TFloat32>> extraTelemetry) {
    return result(k -> comparedCoefficients, otherCoefficients, effectiveWeights, extraTelemetry);
  }

  /**
   * As above with coefficients per compared parameter ({@code comparedCoefficients.apply(k)} for
   * params[k]), for strategies that solve per group of parameters. In representation mode every
   * compared parameter must get the same ones: they come from one backward pass below R.
   */
  WeightingResult result(
      IntFunction<Operand<TFloat32>> comparedCoefficients,
      Operand<TFloat32> otherCoefficients,
      Map<String, Operand<TFloat32>> effectiveWeights,
      Map<String, Operand<TFloat32>> extraTelemetry) {
    Map<String, Operand<TFloat32>> gradients = new LinkedHashMap<>();
    Map<Operand<TFloat32>, List<Operand<TFloat32>>> split = new IdentityHashMap<>();
    List<Operand<TFloat32>> oc = unstack(otherCoefficients);
    Map<String, Operand<TFloat32>> belowR =
        rep == null
            ? Map.of()
            : backpropagate(split.computeIfAbsent(comparedCoefficients.apply(0), this::unstack));
    for (int k = 0; k < params.size(); k++) {
      List<Operand<TFloat32>> c =
          compared[k] ? split.computeIfAbsent(comparedCoefficients.apply(k), this::unstack) : oc;
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Operand<TFloat32> g = grads.get(i).get(k);
        if (!"ZerosLike".equals(g.op().type())) parts.add(tf.math.mul(c.get(i), g));
      }
      Operand<TFloat32> viaR = belowR.get(params.get(k).name());
      if (viaR != null && !"ZerosLike".equals(viaR.op().type())) parts.add(viaR);
      Operand<TFloat32> sum =
          parts.isEmpty()
              ? tf.zerosLike(params.get(k).value())
              : parts.size() == 1 ? parts.get(0) : tf.math.addN(parts);
      gradients.put(params.get(k).name(), sum);
    }
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>(extraTelemetry);
    addTelemetry(telemetry);
    return new WeightingResult(gradients, effectiveWeights, telemetry);
  }

  /** The variables below R: one backward pass of Σᵢ cᵢ·∂Lᵢ/∂R over the terms that read R. */
  private Map<String, Operand<TFloat32>> backpropagate(List<Operand<TFloat32>> c) {
    List<Operand<TFloat32>> seed = new ArrayList<>();
    for (int i = 0; i < n; i++)
      if (repGrads.get(i) != null) seed.add(tf.math.mul(c.get(i), repGrads.get(i)));
    Map<String, Operand<TFloat32>> out = new LinkedHashMap<>();
    if (seed.isEmpty()) return out;
    List<Var> below = ctx.comparedParameters();
    List<Operand<TFloat32>> g =
        rep.backpropagate(seed.size() == 1 ? seed.get(0) : tf.math.addN(seed));
    for (int k = 0; k < below.size(); k++) out.put(below.get(k).name(), g.get(k));
    return out;
  }

  /** A vector [n] as n scalars: one node. */
  private List<Operand<TFloat32>> unstack(Operand<TFloat32> v) {
    return m.unstack(v, n);
  }

  /**
   * The per-term gradient norms, cosines to the primary and conflict rates every gradient strategy
   * reports.
   */
  void addTelemetry(Map<String, Operand<TFloat32>> telemetry) {
    Operand<TFloat32> norms = norms();
    for (int i = 0; i < n; i++)
      telemetry.put(TelemetryKeys.gradNorm(terms.get(i).name()), m.at(norms, i));
    if (!hasPrimary()) return;
    Operand<TFloat32> cos = primaryCosines();
    Var steps = ctx.stateVariable("telemetry/steps", Shape.scalar(), Initializer.zeros());
    Operand<TFloat32> newSteps = tf.math.add(steps.value(), m.c(1));
    ctx.assign(steps, newSteps);
    for (int i = 0; i < n; i++) {
      Term t = terms.get(i);
      Operand<TFloat32> ci = m.at(cos, i);
      Var conflicts =
          ctx.stateVariable(
              "telemetry/" + t.name() + "/conflicts", Shape.scalar(), Initializer.zeros());
      Operand<TFloat32> newConflicts =
          tf.math.add(conflicts.value(), m.indicator(tf.math.less(ci, m.c(0))));
      ctx.assign(conflicts, newConflicts);
      telemetry.put(TelemetryKeys.term(t.name(), TelemetryKeys.COSINE), ci);
      telemetry.put(
          TelemetryKeys.term(t.name(), TelemetryKeys.CONFLICT_RATE),
          tf.math.div(newConflicts, newSteps));
    }
  }
}
