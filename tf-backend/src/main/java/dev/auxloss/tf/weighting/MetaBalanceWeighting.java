package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import dev.auxloss.tf.graph.TelemetryKeys;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * {@code metabalance} — each auxiliary gradient scaled toward the primary gradient's magnitude (He,
 * Feng, Lu, Wen, Chen, Zhang, Zhou &amp; Wang, "MetaBalance: Improving Multi-Task Recommendations
 * via Adapting Gradient Magnitudes of Auxiliary Tasks", WWW 2022): for auxiliary learning, where
 * one primary objective is served and the others only help. On every group of shared parameters (by
 * default each variable, as the authors' optimizer does per parameter tensor), with g the primary
 * gradient Σ_primary wⱼ∇Lⱼ and gₐ = wₐ∇Lₐ an auxiliary's, moving averages of the magnitudes m ← β·m
 * + (1−β)·‖g‖ and mₐ ← β·mₐ + (1−β)·‖gₐ‖ (β = 0.9, from 0) give
 *
 * <pre>  gₐ' = gₐ·(r·m/mₐ + (1 − r))</pre>
 *
 * with the relax factor r = 0.7 (the authors' default; r = 1 would match the magnitudes exactly, 0
 * leaves them). The update on the shared parameters is g + Σ gₐ' (+ regularizers, unchanged); an
 * auxiliary's own head learns from wₐ∇Lₐ. {@code mode: both} (the authors' code, the default)
 * always scales; {@code reduce} only shrinks an auxiliary gradient larger than the primary's,
 * {@code enlarge} only grows a smaller one — the paper's other two strategies. Needs a PRIMARY
 * term; with several, g is their weighted sum. With {@code compare_on: "endpoint:<R>"} the
 * representation is one group and the layers below it get one backward pass.
 *
 * <p>State: {@code metabalance/target_norm} [groups] and {@code metabalance/norms} [groups,
 * participants]; one product per variable gives its Gram, and the averages and scales of all groups
 * are computed at once (a graph's size grows with the variables by a node each, not a dozen).
 * Reported: effective weight wₐ·s̄ₐ and {@code term/<name>/scale} (s̄ₐ: the scale r·m/mₐ + 1 − r,
 * the mean over groups). Example: ‖g‖ = 1, ‖gₐ‖ = 4 on the first step, r = 0.7 → scale 0.7·0.25 +
 * 0.3 = 0.475.
 */
public final class MetaBalanceWeighting implements WeightingStrategy {
  public static final String KEY = "metabalance";

  /**
   * @param relaxFactor r: how far an auxiliary magnitude is moved toward the primary's, in [0, 1)
   * @param beta the moving averages' decay, in [0, 1)
   * @param mode {@code both}, {@code reduce} or {@code enlarge}
   * @param group {@code variable}, {@code layer} or {@code model}: what one magnitude spans
   */
  public record Options(double relaxFactor, double beta, String mode, String group) {
    public static final Param<Double> RELAX_FACTOR =
        Param.number(
                "relax_factor",
                0.7,
                "r: how far an auxiliary gradient's magnitude moves toward the primary's")
            .fraction();
    public static final Param<Double> BETA =
        Param.number("beta", 0.9, "decay of the magnitudes' moving averages").fraction();
    public static final Param<String> MODE =
        Param.choice(
            "mode",
            "both",
            List.of("both", "reduce", "enlarge"),
            "both: always scale; reduce: only shrink larger ones; enlarge: only grow smaller ones");
    public static final Param<String> GROUP =
        Param.choice(
            "group",
            "variable",
            List.of("variable", "layer", "model"),
            "what one magnitude spans (the authors': each variable)");
    public static final Options DEFAULTS =
        new Options(
            RELAX_FACTOR.defaultValue(),
            BETA.defaultValue(),
            MODE.defaultValue(),
            GROUP.defaultValue());

    public Options {
      RELAX_FACTOR.validate(relaxFactor);
      BETA.validate(beta);
      MODE.validate(mode);
      GROUP.validate(group);
    }
  }

  private final Options options;

  public MetaBalanceWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "scales each auxiliary gradient toward the primary gradient's magnitude, per shared variable")
            .paper(
                "He et al. 2022, MetaBalance: Improving Multi-Task Recommendations via Adapting Gradient "
                    + "Magnitudes of Auxiliary Tasks (WWW)")
            .params(Options.RELAX_FACTOR, Options.BETA, Options.MODE, Options.GROUP)
            .build(),
        p ->
            new MetaBalanceWeighting(
                new Options(
                    p.get(Options.RELAX_FACTOR),
                    p.get(Options.BETA),
                    p.get(Options.MODE),
                    p.get(Options.GROUP))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, KEY);
    CosineGatingWeighting.requirePrimary(tg, KEY);
    GramMath m = tg.m;
    Ops tf = tg.tf;
    int p = tg.size();
    Map<String, List<Integer>> groups = tg.groups(options.group());
    Operand<TFloat32> scales = scales(ctx, tg, grams(tg, groups), groups.size()); // [g, p]
    // Each compared variable takes its group's coefficients.
    List<Operand<TFloat32>> byGroup = m.unstack(tg.fromParticipantRows(scales), groups.size());
    Map<Integer, Operand<TFloat32>> coefficients = new HashMap<>();
    int gi = 0;
    for (List<Integer> members : groups.values()) {
      for (int idx : members) coefficients.put(idx, byGroup.get(gi));
      gi++;
    }
    Operand<TFloat32> mean = tf.math.mean(scales, tf.constant(0));
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    for (int j = 0; j < p; j++) {
      if (tg.participant(j).role() == Role.AUXILIARY)
        telemetry.put(TelemetryKeys.term(tg.participant(j).name(), "scale"), m.at(mean, j));
    }
    Operand<TFloat32> effective = tg.fromParticipants(mean);
    return tg.result(
        idx -> coefficients.getOrDefault(idx, byGroup.get(0)),
        tg.weights,
        tg.byTerm(effective),
        telemetry);
  }

  /**
   * The participants' weighted Gram on every group [g, p, p]: per-variable Grams summed over each
   * group's members (a 0/1 membership matrix), so the work per variable is one matrix product.
   */
  private static Operand<TFloat32> grams(TermGradients tg, Map<String, List<Integer>> groups) {
    Ops tf = tg.tf;
    int p = tg.size();
    if (groups.containsKey("")) // the whole model or the representation: one group
    return tf.expandDims(tg.participantGram(), tf.constant(0));
    Operand<TFloat32> perVariable = tg.participantGramPerVariable();
    List<Integer> compared = tg.comparedIndices();
    if (groups.size() == compared.size()) return perVariable; // group: variable
    float[][] members = new float[groups.size()][compared.size()];
    int gi = 0;
    for (List<Integer> g : groups.values()) {
      for (int idx : g) members[gi][compared.indexOf(idx)] = 1f;
      gi++;
    }
    Operand<TFloat32> flat =
        tf.reshape(perVariable, tf.constant(new long[] {compared.size(), (long) p * p}));
    return tf.reshape(
        tf.linalg.matMul(tf.constant(members), flat),
        tf.constant(new long[] {groups.size(), p, p}));
  }

  /**
   * The participants' scales [g, p] on every group (1 for primaries) from their weighted Grams k
   * [g, p, p], updating the moving averages: {@code metabalance/target_norm} [g] and {@code
   * metabalance/norms} [g, p].
   */
  private Operand<TFloat32> scales(
      WeightingContext ctx, TermGradients tg, Operand<TFloat32> k, int groups) {
    GramMath m = tg.m;
    Ops tf = tg.tf;
    int p = tg.size();
    float[] primary = new float[p];
    boolean[] auxiliary = new boolean[p];
    for (int j = 0; j < p; j++) {
      primary[j] = tg.participant(j).role() == Role.PRIMARY ? 1f : 0f;
      auxiliary[j] = tg.participant(j).role() == Role.AUXILIARY;
    }
    Operand<TFloat32> beta = m.c(options.beta());
    Operand<TFloat32> rest = m.c(1 - options.beta());
    Operand<TFloat32> pp = m.outer(tf.constant(primary), tf.constant(primary));
    Operand<TFloat32> targetNow =
        m.sqrt(tf.reduceSum(tf.math.mul(k, pp), tf.constant(new int[] {1, 2})));
    Var target = ctx.stateVariable(KEY + "/target_norm", Shape.of(groups), Initializer.zeros());
    Operand<TFloat32> targetNext =
        tf.math.add(tf.math.mul(beta, target.value()), tf.math.mul(rest, targetNow));
    ctx.assign(target, targetNext);
    Operand<TFloat32> own = m.sqrt(tf.reduceSum(tf.math.mul(k, m.eye(p)), tf.constant(2)));
    Var norms = ctx.stateVariable(KEY + "/norms", Shape.of(groups, p), Initializer.zeros());
    Operand<TFloat32> next = tf.math.add(tf.math.mul(beta, norms.value()), tf.math.mul(rest, own));
    ctx.assign(norms, next);
    Operand<TFloat32> target2 = tf.expandDims(targetNext, tf.constant(1));
    Operand<TFloat32> s =
        tf.math.add(
            tf.math.mul(m.c(options.relaxFactor()), m.safeDiv(target2, next)),
            m.c(1 - options.relaxFactor()));
    Operand<TBool> scaled = tf.constant(auxiliary);
    scaled =
        switch (options.mode()) {
          case "reduce" -> tf.math.logicalAnd(scaled, tf.math.greater(next, target2));
          case "enlarge" -> tf.math.logicalAnd(scaled, tf.math.less(next, target2));
          default -> scaled;
        };
    return m.where(scaled, s, tf.onesLike(s));
  }
}
