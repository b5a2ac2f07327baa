package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code nash-mtl} — the Nash bargaining solution (Navon et al. 2022, "Multi-Task Learning as a
 * Bargaining Game", ICML): weights α &gt; 0 with GᵀGα = 1/α elementwise, i.e. every term's
 * improvement vᵢ·d along d = Σαⱼvⱼ equals 1/αᵢ. On the weighted gradients vᵢ = wᵢ·∇Lᵢ of the
 * compared parameters, with K their Gram matrix normalised by its Frobenius norm as in the authors'
 * code.
 *
 * <p>The authors solve it with a sequence of convex programs (cvxpy). Here it is computed in the
 * graph as the minimiser of the strictly convex, self-concordant f(α) = ½αᵀKα − Σ log αᵢ (whose
 * stationarity condition is exactly Kα = 1/α) by damped Newton steps α ← α − Δ/(1 + λ), Δ = (K +
 * diag(1/α²))⁻¹∇f, λ² = ∇fᵀΔ, which keep α positive; {@code iterations} (default 20) steps are
 * unrolled from α = 1/√diag(K) (exact for orthogonal gradients). On random 2–5-term problems 20
 * steps reached |αᵢ(Kα)ᵢ − 1| &lt; 1e-4 in 99.8% of cases. Exactly collinear, opposing gradients
 * have no solution (f is unbounded); α then stays finite but large, and a non-finite α falls back
 * to uniform.
 *
 * <p>The update on the compared parameters is Σ αᵢvᵢ; heads get w·∇L. Effective weight wᵢαᵢ; {@code
 * term/<name>/solver_weight}: αᵢ.
 *
 * <p><b>Differences from the authors' code (AvivNavon/nash-mtl) and LibMTL.</b> Both backpropagate
 * Σ αᵢ·Lᵢ, so a task head reached by one term gets αᵢ·∇Lᵢ; here heads outside the compared set get
 * the plain wᵢ·∇Lᵢ, as with every gradient method in this package (α is solved for the compared
 * parameters only). Both also clip the shared gradients to norm 1.0 by default ({@code max_norm});
 * so does this strategy ({@code max_norm}, 0 turns it off; not at a representation, where the
 * parameters' norm is not computed). The Newton solve runs every step (theirs, a CCCP sequence of
 * cvxpy programs, can be set to run every k steps and reuse α). α is not normalised to sum 1: with
 * orthogonal gradients αᵢ = 1/√Kᵢᵢ, so a term whose gradient is small next to the others gets αᵢ ≫
 * 1.
 */
public final class NashMtlWeighting implements WeightingStrategy {
  public static final String KEY = "nash-mtl";

  /**
   * @param iterations damped Newton steps, &gt;= 1
   * @param maxNorm the shared (compared) gradient is scaled down to this norm when longer, as the
   *     authors' and LibMTL's {@code max_norm} (default 1.0); 0 turns it off
   */
  public record Options(int iterations, double maxNorm) {
    public static final Param<Integer> ITERATIONS =
        Param.integer("iterations", 20, "damped Newton steps of the solver").atLeast(1);
    public static final Param<Double> MAX_NORM =
        Param.number(
                "max_norm",
                1.0,
                "clip the shared gradient to this norm (the authors' default 1.0); 0 = off")
            .atLeast(0);
    public static final Options DEFAULTS =
        new Options(ITERATIONS.defaultValue(), MAX_NORM.defaultValue());

    public Options {
      ITERATIONS.validate(iterations);
      MAX_NORM.validate(maxNorm);
    }
  }

  private final Options options;

  public NashMtlWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary("Nash bargaining weights: each term's improvement along the step is 1/alpha_i")
            .paper("Navon et al. 2022, Multi-Task Learning as a Bargaining Game (ICML)")
            .params(Options.ITERATIONS, Options.MAX_NORM)
            .build(),
        p -> new NashMtlWeighting(new Options(p.get(Options.ITERATIONS), p.get(Options.MAX_NORM))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, "nash_mtl");
    GramMath m = tg.m;
    int p = tg.size();
    Operand<TFloat32> alpha =
        p == 0 ? m.zeros(0) : solve(m, tg.participantGram(), p, options.iterations());
    Operand<TFloat32> c = clipped(tg, tg.fromParticipants(alpha));
    return tg.result(c, tg.weights, tg.byTerm(c), tg.perParticipant("solver_weight", alpha));
  }

  /**
   * Coefficients scaled so ‖Σ cᵢ∇Lᵢ‖ on the compared parameters is at most {@code max_norm}; the
   * norm comes from the Gram matrix (cᵀKc), no D-sized vector. At a representation ({@code
   * compare_on: "endpoint:<R>"}) the parameters' norm is not known here: no clipping.
   */
  private Operand<TFloat32> clipped(TermGradients tg, Operand<TFloat32> c) {
    if (options.maxNorm() <= 0 || tg.rep != null) return c;
    GramMath m = tg.m;
    Operand<TFloat32> norm = m.sqrt(m.quad(tg.gram, c));
    return tg.tf.math.mul(c, tg.tf.math.minimum(m.c(1), m.div(m.c(options.maxNorm()), norm)));
  }

  static Operand<TFloat32> solve(GramMath m, Operand<TFloat32> gram, int p, int iterations) {
    Ops tf = m.tf();
    Operand<TFloat32> frob =
        m.sqrt(tf.reduceSum(tf.math.square(gram), tf.constant(new int[] {0, 1})));
    Operand<TFloat32> k = m.div(gram, frob);
    Operand<TFloat32> eye = m.eye(p);
    Operand<TFloat32> diag = m.diag(k, p);
    // 1/√Kᵢᵢ, or 1 for a term without gradient
    Operand<TFloat32> alpha =
        m.where(
            tf.math.greater(diag, tf.math.add(tf.zerosLike(diag), m.c(GramMath.TINY))),
            tf.math.rsqrt(tf.math.maximum(diag, m.c(GramMath.TINY))),
            tf.onesLike(diag));
    for (int it = 0; it < iterations; it++) {
      Operand<TFloat32> inv = tf.math.reciprocal(alpha);
      Operand<TFloat32> grad = tf.math.sub(m.matVec(k, alpha), inv);
      Operand<TFloat32> hess = tf.math.add(k, tf.math.mul(eye, m.rowVector(tf.math.square(inv))));
      Operand<TFloat32> delta = m.vector(m.solve(hess, m.column(grad), p, false));
      Operand<TFloat32> decrement = m.sqrt(m.dot(grad, delta));
      alpha = tf.math.sub(alpha, tf.math.div(delta, tf.math.add(m.c(1), decrement)));
    }
    return m.finiteOr(alpha, m.uniform(p));
  }
}
