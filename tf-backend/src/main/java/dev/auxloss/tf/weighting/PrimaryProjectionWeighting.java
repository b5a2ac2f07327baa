package dev.auxloss.tf.weighting;

import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import dev.auxloss.tf.graph.TelemetryKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * {@code primary-projection} — an auxiliary never increases the primary loss to first order. With p
 * the primary gradient on the compared parameters (Σ over primaries of wⱼ·∇Lⱼ) and vₐ = wₐ·∇Lₐ an
 * auxiliary's weighted gradient: if vₐ·p &lt; 0 then vₐ' = vₐ − (vₐ·p / ‖p‖²)·p, otherwise vₐ' =
 * vₐ. The update is p + Σₐ vₐ' (+ regularizers), so ⟨p, Σₐ vₐ'⟩ ≥ 0: the auxiliaries' share of a
 * step can only help or leave the primary unchanged to first order, while their component along the
 * primary's normal plane (the "extra" features) is kept. It is PCGrad (Yu et al. 2020) made
 * one-sided: only auxiliaries move, and only away from the primary; cosine gating (Du et al. 2018)
 * would drop the whole auxiliary gradient instead.
 *
 * <p>Heads outside the compared set get w·∇L. Reported: the scheduled weight (projection changes
 * the direction), {@code term/<name>/projected} (1 when the auxiliary was projected this step) and
 * the shared cosine/conflict telemetry. Needs at least one primary term.
 *
 * <p>Example: p = (1, 0), vₐ = (−1, 1) → vₐ' = (0, 1); the step p + vₐ' = (1, 1).
 */
public final class PrimaryProjectionWeighting implements WeightingStrategy {
  public static final String KEY = "primary-projection";

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "projects a conflicting auxiliary gradient onto the primary gradient's normal plane")
            .paper(
                "one-sided gradient surgery after Yu et al. 2020 (PCGrad), anchored on the primary as in Du"
                    + " et al. 2018")
            .build(),
        p -> new PrimaryProjectionWeighting());
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, "primary_projection");
    CosineGatingWeighting.requirePrimary(tg, KEY);
    GramMath m = tg.m;
    Operand<TFloat32> dots = tg.primaryDots();
    Operand<TFloat32> pp = tg.primaryNormSquared();
    Operand<TFloat32> shift = m.c(0);
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    for (int i = 0; i < tg.n; i++) {
      Term t = tg.terms.get(i);
      if (t.role() != Role.AUXILIARY) continue;
      // vₐ·p = wₐ·(∇Lₐ·p)
      Operand<TFloat32> dot = tg.tf.math.mul(m.at(tg.weights, i), m.at(dots, i));
      Operand<TFloat32> kappa = m.div(tg.tf.math.minimum(dot, m.c(0)), pp);
      shift = tg.tf.math.add(shift, kappa);
      telemetry.put(
          TelemetryKeys.term(t.name(), "projected"), m.indicator(tg.tf.math.less(dot, m.c(0))));
    }
    // Σ wᵢ∇Lᵢ − (Σₐ κₐ)·p, and p = Σ_primary wⱼ∇Lⱼ.
    Operand<TFloat32> c = tg.tf.math.sub(tg.weights, tg.tf.math.mul(shift, tg.primaryWeights()));
    return tg.result(c, tg.weights, tg.byTerm(tg.weights), telemetry);
  }
}
