package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code upgrad} — unconflicting projection of gradients (Quinton &amp; Rey, "Jacobian Descent for
 * Multi-Objective Optimization", arXiv:2406.16232, 2024; TorchJD's {@code UPGrad}): each weighted
 * term gradient gᵢ = wᵢ∇Lᵢ is projected onto the dual cone of all of them — the closest vector that
 * conflicts with none — and the projections are averaged: the update never increases any term to
 * first order, and equals the mean of the gradients when none conflict. In weights: with G the Gram
 * matrix of the gᵢ, normalised by its trace (zero when the trace is below {@code norm_eps} = 10⁻⁴)
 * plus {@code reg_eps} = 10⁻⁴ on the diagonal (TorchJD's defaults), vᵢ = argmin vᵀGv subject to v ≥
 * eᵢ/m and β = Σᵢ vᵢ; the update on the compared parameters is Σⱼ βⱼgⱼ (+ regularizers unchanged),
 * heads get wᵢ∇Lᵢ. TorchJD and LibMTL solve each quadratic program with quadprog on the host; here
 * {@link DualCone} solves it exactly inside the step, for up to {@value DualCone#MAX_TERMS} primary
 * and auxiliary terms.
 *
 * <p>{@code pref: mean} (TorchJD's default preference 1/m) averages, so without conflict the update
 * is 1/m of the static strategy's; {@code pref: sum} projects eᵢ instead and adds them, the static
 * scale. Works on the shared parameters and at a representation. Reported: effective weight wⱼβⱼ,
 * {@code term/<name>/adaptive_weight} (βⱼ) and the shared cosine/conflict telemetry. Example: g₁ =
 * (1, 0), g₂ = (−1, 1) (cosine −0.71): β ≈ (1, 0.75), update (0.25, 0.75), which conflicts with
 * neither.
 */
public final class UpGradWeighting implements WeightingStrategy {
  public static final String KEY = "upgrad";

  /**
   * @param pref {@code mean} (1/m per term, TorchJD's) or {@code sum} (1 per term)
   * @param normEps a Gram trace below it counts as zero
   * @param regEps added to the normalised Gram's diagonal, so it is positive definite
   */
  public record Options(String pref, double normEps, double regEps) {
    public static final Param<String> PREF =
        Param.choice(
            "pref",
            "mean",
            List.of("mean", "sum"),
            "mean: average the projections (TorchJD's 1/m); sum: add them (the static strategy's scale)");
    public static final Param<Double> NORM_EPS =
        Param.number("norm_eps", 1e-4, "a Gram matrix whose trace is below it counts as zero")
            .atLeast(0);
    public static final Param<Double> REG_EPS =
        Param.number("reg_eps", 1e-4, "ridge on the normalised Gram matrix's diagonal").above(0);
    public static final Options DEFAULTS =
        new Options(PREF.defaultValue(), NORM_EPS.defaultValue(), REG_EPS.defaultValue());

    public Options {
      PREF.validate(pref);
      NORM_EPS.validate(normEps);
      REG_EPS.validate(regEps);
    }
  }

  private final Options options;

  public UpGradWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "projects every term gradient onto the dual cone of all of them and averages: conflicts with none")
            .paper(
                "Quinton & Rey 2024, Jacobian Descent for Multi-Objective Optimization (arXiv:2406.16232; "
                    + "TorchJD's UPGrad)")
            .params(Options.PREF, Options.NORM_EPS, Options.REG_EPS)
            .build(),
        p ->
            new UpGradWeighting(
                new Options(p.get(Options.PREF), p.get(Options.NORM_EPS), p.get(Options.REG_EPS))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    return TermGradients.of(ctx, KEY).reweighted(this::weights);
  }

  /** β [p] for the weighted Gram matrix k [p, p]. */
  Operand<TFloat32> weights(GramMath m, Operand<TFloat32> k, int p) {
    Ops tf = m.tf();
    Operand<TFloat32> trace = m.sum(m.diag(k, p));
    Operand<TFloat32> normalised =
        m.where(
            tf.math.less(trace, m.c(options.normEps())),
            tf.zerosLike(k),
            tf.math.div(k, tf.math.maximum(trace, m.c(GramMath.TINY))));
    Operand<TFloat32> g = tf.math.add(normalised, tf.math.mul(m.c(options.regEps()), m.eye(p)));
    DualCone cone = new DualCone(m);
    double pref = options.pref().equals("mean") ? 1.0 / p : 1.0;
    List<Operand<TFloat32>> projected = new ArrayList<>();
    for (int i = 0; i < p; i++)
      projected.add(cone.project(g, tf.math.mul(m.c(pref), m.basis(i, p)), p));
    return projected.size() == 1 ? projected.get(0) : tf.math.addN(projected);
  }
}
