package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code mgda} — the multiple-gradient descent direction (Désidéri 2012, "Multiple-gradient descent
 * algorithm (MGDA) for multiobjective optimization", C. R. Math.; Sener &amp; Koltun 2018,
 * "Multi-Task Learning as Multi-Objective Optimization", NeurIPS): the minimum-norm point of the
 * convex hull of the weighted term gradients vᵢ = wᵢ·∇Lᵢ on the compared parameters, α = argmin_{α
 * ∈ simplex} ‖Σ αᵢvᵢ‖².
 *
 * <ul>
 *   <li>two terms: closed form α₁ = clip((v₂−v₁)·v₂ / ‖v₁−v₂‖², 0, 1), α₂ = 1 − α₁ (the original
 *       code and LibMTL clip to [0.001, 0.999], so a dominated term keeps a 0.1 % share; here it
 *       gets 0);
 *   <li>more, {@code solver = exact} (default, up to 10 terms): every support S of the simplex is
 *       solved at once with one batched {@code MatrixSolve} (on a face the optimum is α ∝ K_S⁻¹·1)
 *       and the feasible candidate of least norm is taken — exact up to float32 and a 1e-6 ridge;
 *       99% of random 3–5-term problems matched scipy's SLSQP within 1e-3;
 *   <li>{@code solver = frank_wolfe} (Sener &amp; Koltun's Algorithm 2; also used beyond 10 terms):
 *       {@code iterations} (default 25) Frank–Wolfe steps with exact line search from the uniform
 *       point, unrolled in the graph. It converges slowly when the optimum is inside the simplex
 *       (28% of the same problems within 1e-3 at 25 steps, 46% at 250).
 * </ul>
 *
 * {@code normalization} (Sener &amp; Koltun's code): {@code none} (default), {@code l2} (vᵢ/‖vᵢ‖),
 * {@code loss} (vᵢ/(wᵢLᵢ)), {@code loss+} (vᵢ/(wᵢLᵢ·‖vᵢ‖)); as in that code α is found on the
 * normalised gradients and weights the unnormalised ones (LibMTL weights the normalised ones). The
 * update on the compared parameters is Σ αᵢ·vᵢ (α sums to 1, so steps are about 1/m of a plain
 * sum); heads get w·∇L. Effective weight: wᵢ·αᵢ; {@code term/<name>/solver_weight}: αᵢ. A term
 * whose weighted gradient is zero (an auxiliary scheduled to 0) takes no part (α = 0): otherwise
 * the zero vector would be the min-norm point and the shared layers would get no update. Example:
 * v₁ = (2, 0), v₂ = (0, 1) → α = (0.2, 0.8), d = (0.4, 0.8).
 */
public final class MgdaWeighting implements WeightingStrategy {
  public static final String KEY = "mgda";

  /**
   * @param normalization {@code none}, {@code l2}, {@code loss} or {@code loss+}
   * @param solver {@code exact} or {@code frank_wolfe}, for three or more terms
   * @param iterations Frank–Wolfe steps, &gt;= 1
   */
  public record Options(String normalization, String solver, int iterations) {
    public static final Param<String> NORMALIZATION =
        Param.choice(
            "normalization",
            "none",
            List.of("none", "l2", "loss", "loss+"),
            "how each term gradient is scaled before the solver");
    public static final Param<String> SOLVER =
        Param.choice("solver", "exact", List.of("exact", "frank_wolfe"), "for 3+ terms");
    public static final Param<Integer> ITERATIONS =
        Param.integer("iterations", 25, "Frank-Wolfe steps for 3+ terms").atLeast(1);
    public static final Options DEFAULTS =
        new Options(NORMALIZATION.defaultValue(), SOLVER.defaultValue(), ITERATIONS.defaultValue());

    public Options {
      NORMALIZATION.validate(normalization);
      SOLVER.validate(solver);
      ITERATIONS.validate(iterations);
    }
  }

  private final Options options;

  public MgdaWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "minimum-norm point of the term gradients' convex hull (Pareto-stationary descent)")
            .paper(
                "Désidéri 2012 (MGDA); Sener & Koltun 2018, Multi-Task Learning as Multi-Objective"
                    + " Optimization")
            .params(Options.NORMALIZATION, Options.SOLVER, Options.ITERATIONS)
            .build(),
        p ->
            new MgdaWeighting(
                new Options(
                    p.get(Options.NORMALIZATION),
                    p.get(Options.SOLVER),
                    p.get(Options.ITERATIONS))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, KEY);
    GramMath m = tg.m;
    int p = tg.size();
    Operand<TFloat32> k = tg.participantGram();
    Operand<TFloat32> scale = normalizers(tg, k);
    Operand<TFloat32> kn = tg.tf.math.mul(k, m.outer(scale, scale));
    boolean exact = options.solver().equals("exact") && p <= Simplex.MAX_FACES;
    Operand<TFloat32> alpha =
        p <= 1
            ? m.ones(p)
            : new Simplex(m).minNormPoint(kn, p, exact ? 0 : options.iterations(), m.absent(k, p));
    Operand<TFloat32> c = tg.fromParticipants(alpha);
    return tg.result(c, tg.weights, tg.byTerm(c), tg.perParticipant("solver_weight", alpha));
  }

  private Operand<TFloat32> normalizers(TermGradients tg, Operand<TFloat32> k) {
    GramMath m = tg.m;
    Ops tf = tg.tf;
    int p = tg.size();
    Operand<TFloat32> ones = m.ones(p);
    if (p == 0) return ones;
    Operand<TFloat32> norms = m.sqrt(m.diag(k, p));
    Operand<TFloat32> losses =
        tf.math.abs(tf.math.mul(tg.toParticipants(tg.values), tg.toParticipants(tg.weights)));
    return switch (options.normalization()) {
      case "l2" -> m.safeDiv(ones, norms);
      case "loss" -> m.safeDiv(ones, losses);
      case "loss+" -> m.safeDiv(ones, tf.math.mul(losses, norms));
      default -> ones;
    };
  }
}
