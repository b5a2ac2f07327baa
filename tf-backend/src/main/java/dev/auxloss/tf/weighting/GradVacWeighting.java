package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import dev.auxloss.tf.graph.TelemetryKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code gradvac} — gradient vaccine (Wang et al. 2021, "Gradient Vaccine: Investigating and
 * Improving Multi-task Optimization in Massively Multilingual Models", ICLR). For each ordered pair
 * of terms an EMA target cosine φ̂ᵢⱼ (state, starts at 0, β = 0.01) is kept. Term i's weighted
 * gradient vᵢ' visits the others; where ρ = cos(vᵢ', vⱼ) &lt; φ̂ᵢⱼ it is moved toward vⱼ until the
 * cosine reaches the target:
 *
 * <pre>  vᵢ' ← vᵢ' + ‖vᵢ'‖·(φ̂·√(1−ρ²) − ρ·√(1−φ̂²)) / (‖vⱼ‖·√(1−φ̂²)) · vⱼ</pre>
 *
 * and φ̂ᵢⱼ ← (1−β)φ̂ᵢⱼ + βρ. With φ̂ = 0 this is PCGrad's projection. The update is Σ vᵢ'.
 *
 * <p><b>Groups.</b> The paper compares the vaccine applied at several granularities (the whole
 * model, per layer, per parameter matrix): {@code group: model} (the default, as LibMTL's) treats
 * the compared parameters as one vector; {@code layer} solves separately for each layer (the
 * variables sharing a name up to the last {@code /}, e.g. a kernel and its bias), {@code variable}
 * for each parameter tensor — each group with its own Gram matrix and its own targets. With {@code
 * compare_on: "endpoint:<R>"} there is one group, the representation. A pair where either gradient
 * is zero in a group is neither adjusted nor counted into its target.
 *
 * <p><b>Order.</b> As in the paper, each term visits the others in a random order per step ({@code
 * order: random}, stateless from {@code seed} and the global step, as {@link PcGradWeighting});
 * {@code cyclic} fixes it to i+1, i+2, … (mod m).
 *
 * <p>Reported: the scheduled weight; {@code term/<name>/adjusted} (adjustments this step, summed
 * over groups) and {@code term/<i>/target_cosine/<j>} per ordered pair (the mean over groups), with
 * the shared cosine/conflict telemetry. Heads get w·∇L. State: {@code
 * gradvac/<i>/<j>/target_cosine} ({@code model}) or {@code gradvac/<group>/<i>/<j>/target_cosine}.
 *
 * <p>β = 0.01 is the paper's value; LibMTL defaults to β = 0.5, whose targets follow the current
 * cosines far more closely (set {@code beta: 0.5} to compare with it).
 */
public final class GradVacWeighting implements WeightingStrategy {
  public static final String KEY = "gradvac";
  static final List<String> GROUPS = List.of("model", "layer", "variable");

  /**
   * @param beta EMA rate of the target cosines, in [0, 1)
   * @param group {@code model}, {@code layer} or {@code variable}: what one Gram matrix spans
   * @param order {@code random} (the paper's, per step) or {@code cyclic}
   * @param seed seeds the random orders (with the global step)
   */
  public record Options(double beta, String group, String order, long seed) {
    public static final Param<Double> BETA =
        Param.number("beta", 0.01, "EMA rate of the target cosines").fraction();
    public static final Param<String> GROUP =
        Param.choice("group", "model", GROUPS, "model | layer | variable: what one target spans");
    public static final Param<String> ORDER = VisitOrder.ORDER;
    public static final Param<Integer> SEED = VisitOrder.SEED;
    public static final Options DEFAULTS =
        new Options(
            BETA.defaultValue(), GROUP.defaultValue(), ORDER.defaultValue(), SEED.defaultValue());

    public Options {
      BETA.validate(beta);
      GROUP.validate(group);
      ORDER.validate(order);
    }
  }

  private final Options options;

  public GradVacWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "moves each term gradient toward the others until their cosine meets an EMA target")
            .paper("Wang et al. 2021, Gradient Vaccine (ICLR)")
            .params(Options.BETA, Options.GROUP, Options.ORDER, Options.SEED)
            .build(),
        p ->
            new GradVacWeighting(
                new Options(
                    p.get(Options.BETA),
                    p.get(Options.GROUP),
                    p.get(Options.ORDER),
                    p.get(Options.SEED))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, KEY);
    GramMath m = tg.m;
    int p = tg.size();
    if (p == 0)
      return tg.result(
          tg.fromParticipants(m.zeros(0)), tg.weights, tg.byTerm(tg.weights), Map.of());
    VisitOrder order = VisitOrder.of(options.order(), options.seed(), ctx, tg.tf, p);
    Map<String, List<Integer>> groups = tg.groups(options.group());
    Map<Integer, Operand<TFloat32>> coefficients = new HashMap<>();
    List<Vaccinated> solved = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
      Operand<TFloat32> k =
          g.getKey().isEmpty() ? tg.participantGram() : tg.participantGram(g.getValue());
      String prefix = g.getKey().isEmpty() ? KEY + "/" : KEY + "/" + g.getKey() + "/";
      Vaccinated v = vaccinate(ctx, tg, k, order, prefix);
      solved.add(v);
      Operand<TFloat32> c = tg.fromParticipants(v.beta);
      for (int idx : g.getValue()) coefficients.put(idx, c);
    }
    Ops tf = tg.tf;
    Map<String, Operand<TFloat32>> telemetry =
        new LinkedHashMap<>(
            tg.perParticipant(
                "adjusted", sumOf(tf, solved.stream().map(Vaccinated::counts).toList())));
    // one mean [p, p] over the groups, then its entries (not a sum per pair and group)
    Operand<TFloat32> meanTargets =
        tf.math.div(
            sumOf(tf, solved.stream().map(Vaccinated::targets).toList()), m.c(solved.size()));
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        if (i == j) continue;
        telemetry.put(
            TelemetryKeys.term(
                tg.participant(i).name(), "target_cosine/" + tg.participant(j).name()),
            m.entry(meanTargets, i, j));
      }
    }
    Operand<TFloat32> first = coefficients.values().iterator().next();
    return tg.result(
        idx -> coefficients.getOrDefault(idx, first), tg.weights, tg.byTerm(tg.weights), telemetry);
  }

  /**
   * Coefficients β [p] on the participants' weighted gradients, adjustments per term [p], new
   * targets [p, p].
   */
  private record Vaccinated(
      Operand<TFloat32> beta, Operand<TFloat32> counts, Operand<TFloat32> targets) {}

  private Vaccinated vaccinate(
      WeightingContext ctx,
      TermGradients tg,
      Operand<TFloat32> k,
      VisitOrder order,
      String prefix) {
    GramMath m = tg.m;
    Ops tf = tg.tf;
    int p = tg.size();
    Operand<TFloat32> norms = m.sqrt(m.diag(k, p));
    Operand<TFloat32> b = m.c(options.beta());
    Var[][] state = new Var[p][p];
    List<Operand<TFloat32>> rows = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      List<Operand<TFloat32>> row = new ArrayList<>();
      for (int j = 0; j < p; j++) {
        if (i == j) {
          row.add(m.c(0));
          continue;
        }
        // One scalar per pair (not a matrix): checkpoints stay valid when terms are added or
        // reordered.
        state[i][j] =
            ctx.stateVariable(
                prefix
                    + tg.participant(i).name()
                    + "/"
                    + tg.participant(j).name()
                    + "/target_cosine",
                Shape.scalar(),
                Initializer.zeros());
        row.add(state[i][j].value());
      }
      rows.add(m.stack(row));
    }
    Operand<TFloat32> beta = m.zeros(p);
    List<Operand<TFloat32>> counts = new ArrayList<>();
    List<Operand<TFloat32>> newRows = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      Operand<TFloat32> ci = m.basis(i, p);
      Operand<TFloat32> count = m.c(0);
      Operand<TFloat32> newRow = m.zeros(p);
      for (int s = 1; s < p; s++) {
        Operand<TInt32> j = order.visit(i, s);
        Operand<TFloat32> ej = tf.oneHot(j, tf.constant(p), m.c(1), m.c(0));
        // a target of exactly 1 would ask for an infinite step toward vⱼ
        Operand<TFloat32> phi = m.clip(m.dot(rows.get(i), ej), -1, 0.999);
        Operand<TFloat32> kc = m.matVec(k, ci);
        Operand<TFloat32> ni = m.sqrt(m.dot(ci, kc));
        Operand<TFloat32> nj = m.dot(norms, ej);
        Operand<TFloat32> rho = m.clip(m.div(m.dot(kc, ej), tf.math.mul(ni, nj)), -1, 1);
        Operand<TFloat32> sinRho = m.sqrt(tf.math.sub(m.c(1), tf.math.square(rho)));
        Operand<TFloat32> sinPhi = m.sqrt(tf.math.sub(m.c(1), tf.math.square(phi)));
        Operand<TFloat32> num =
            tf.math.mul(ni, tf.math.sub(tf.math.mul(phi, sinRho), tf.math.mul(rho, sinPhi)));
        Operand<TFloat32> coef = m.div(num, tf.math.mul(nj, sinPhi));
        // Nothing to measure or move toward where either gradient is zero in this group.
        Operand<TFloat32> valid =
            tf.math.mul(
                m.indicator(tf.math.greater(ni, m.c(0))), m.indicator(tf.math.greater(nj, m.c(0))));
        Operand<TFloat32> below = tf.math.mul(valid, m.indicator(tf.math.less(rho, phi)));
        ci = tf.math.add(ci, tf.math.mul(tf.math.mul(below, coef), ej));
        count = tf.math.add(count, below);
        Operand<TFloat32> ema =
            tf.math.add(tf.math.mul(tf.math.sub(m.c(1), b), phi), tf.math.mul(b, rho));
        Operand<TFloat32> next = tf.math.add(phi, tf.math.mul(valid, tf.math.sub(ema, phi)));
        newRow = tf.math.add(newRow, tf.math.mul(next, ej));
      }
      beta = tf.math.add(beta, ci);
      counts.add(count);
      newRows.add(newRow);
    }
    Operand<TFloat32> targets = tf.stack(newRows);
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) if (i != j) ctx.assign(state[i][j], m.entry(targets, i, j));
    }
    return new Vaccinated(beta, m.stack(counts), targets);
  }

  private static Operand<TFloat32> sumOf(Ops tf, List<Operand<TFloat32>> xs) {
    return xs.size() == 1 ? xs.get(0) : tf.math.addN(xs);
  }
}
