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
import java.util.ArrayList;
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
 * <p>State: {@code metabalance/[<group>/]target_norm} and {@code
 * metabalance/[<group>/]<term>/norm}. Reported: effective weight wₐ·s̄ₐ and {@code
 * term/<name>/scale} (s̄ₐ: the scale r·m/mₐ + 1 − r, the mean over groups). Example: ‖g‖ = 1, ‖gₐ‖
 * = 4 on the first step, r = 0.7 → scale 0.7·0.25 + 0.3 = 0.475.
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
    float[] primary = new float[p];
    boolean[] auxiliary = new boolean[p];
    for (int j = 0; j < p; j++) {
      primary[j] = tg.participant(j).role() == Role.PRIMARY ? 1f : 0f;
      auxiliary[j] = tg.participant(j).role() == Role.AUXILIARY;
    }
    Operand<TFloat32> primaryMask = tf.constant(primary);
    Map<Integer, Operand<TFloat32>> coefficients = new HashMap<>();
    List<Operand<TFloat32>> scales = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> g : tg.groups(options.group()).entrySet()) {
      Operand<TFloat32> k =
          g.getKey().isEmpty() ? tg.participantGram() : tg.participantGram(g.getValue());
      String prefix = g.getKey().isEmpty() ? KEY + "/" : KEY + "/" + g.getKey() + "/";
      Operand<TFloat32> scale = scale(ctx, tg, k, primaryMask, auxiliary, prefix);
      scales.add(scale);
      Operand<TFloat32> c = tg.fromParticipants(scale);
      for (int idx : g.getValue()) coefficients.put(idx, c);
    }
    Operand<TFloat32> mean =
        scales.size() == 1 ? scales.get(0) : tf.math.div(tf.math.addN(scales), m.c(scales.size()));
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    for (int j = 0; j < p; j++) {
      if (auxiliary[j])
        telemetry.put(TelemetryKeys.term(tg.participant(j).name(), "scale"), m.at(mean, j));
    }
    Operand<TFloat32> effective = tg.fromParticipants(mean);
    Operand<TFloat32> any =
        coefficients.isEmpty() ? tg.weights : coefficients.values().iterator().next();
    return tg.result(
        idx -> coefficients.getOrDefault(idx, any), tg.weights, tg.byTerm(effective), telemetry);
  }

  /** The participants' scales [p] on one group (1 for primaries), updating the group's averages. */
  private Operand<TFloat32> scale(
      WeightingContext ctx,
      TermGradients tg,
      Operand<TFloat32> k,
      Operand<TFloat32> primaryMask,
      boolean[] auxiliary,
      String prefix) {
    GramMath m = tg.m;
    Ops tf = tg.tf;
    int p = tg.size();
    double beta = options.beta();
    Var target = ctx.stateVariable(prefix + "target_norm", Shape.scalar(), Initializer.zeros());
    Operand<TFloat32> targetNext =
        tf.math.add(
            tf.math.mul(m.c(beta), target.value()),
            tf.math.mul(m.c(1 - beta), m.sqrt(m.quad(k, primaryMask))));
    ctx.assign(target, targetNext);
    Operand<TFloat32> own = m.sqrt(m.diag(k, p));
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      if (!auxiliary[j]) {
        out.add(m.c(1));
        continue;
      }
      Var norm =
          ctx.stateVariable(
              prefix + tg.participant(j).name() + "/norm", Shape.scalar(), Initializer.zeros());
      Operand<TFloat32> next =
          tf.math.add(
              tf.math.mul(m.c(beta), norm.value()), tf.math.mul(m.c(1 - beta), m.at(own, j)));
      ctx.assign(norm, next);
      Operand<TFloat32> ratio = m.safeDiv(targetNext, next);
      Operand<TFloat32> s =
          tf.math.add(
              tf.math.mul(m.c(options.relaxFactor()), ratio), m.c(1 - options.relaxFactor()));
      Operand<TBool> keep =
          switch (options.mode()) {
            case "reduce" -> tf.math.greater(next, targetNext);
            case "enlarge" -> tf.math.less(next, targetNext);
            default -> tf.constant(true);
          };
      out.add(m.where(keep, s, m.c(1)));
    }
    return m.stack(out);
  }
}
