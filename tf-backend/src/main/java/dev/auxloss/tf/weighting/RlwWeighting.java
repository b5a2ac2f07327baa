package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * {@code rlw} — random loss weighting (Lin, Ye, Xu, Shi, Zhang &amp; Kwok, "Reasonable
 * Effectiveness of Random Weighting: A Litmus Test for Multi-Task Learning", TMLR 2022;
 * arXiv:2111.10603): every step draws λ̃ₖ from a fixed distribution and weights the primary and
 * auxiliary terms by λ = softmax(λ̃), so the weights are positive and sum to 1; regularizers keep
 * their scheduled weight. The baseline a new weighting method should beat. Default {@code
 * distribution = normal} (λ̃ ~ N(0, 1)), as LibMTL's default; {@code uniform} draws λ̃ ~ U(0, 1).
 * LibMTL's Dirichlet and Bernoulli variants are not offered.
 *
 * <p>The draw is stateless, from ({@code seed}, global step), so a run repeats exactly, a resumed
 * run continues the same sequence and data-parallel workers draw the same weights (LibMTL draws
 * from torch's global generator). One backward pass of Σ wₖλₖLₖ, λ held constant: no per-term
 * gradients.
 *
 * <p>Reported: effective weight wₖλₖ and {@code term/<name>/adaptive_weight} (λₖ). Example: draws
 * (0.3, −0.5) → λ = softmax(0.3, −0.5) ≈ (0.690, 0.310).
 */
public final class RlwWeighting implements WeightingStrategy {
  public static final String KEY = "rlw";

  /**
   * @param distribution what λ̃ is drawn from: {@code normal} (N(0, 1)) or {@code uniform} (U(0,
   *     1))
   * @param seed the seed of the per-step draws
   */
  public record Options(String distribution, long seed) {
    public static final Param<String> DISTRIBUTION =
        Param.choice(
            "distribution",
            "normal",
            List.of("normal", "uniform"),
            "what the pre-softmax weights are drawn from: N(0,1) or U(0,1)");
    public static final Param<Integer> SEED =
        Param.integer("seed", 0, "seed of the per-step draws");
    public static final Options DEFAULTS =
        new Options(DISTRIBUTION.defaultValue(), SEED.defaultValue());

    public Options {
      DISTRIBUTION.validate(distribution);
    }
  }

  private final Options options;

  public RlwWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "random loss weights each step, softmax of a normal draw: the baseline to beat")
            .paper(
                "Lin et al. 2022, Reasonable Effectiveness of Random Weighting (TMLR; arXiv:2111.10603)")
            .params(Options.DISTRIBUTION, Options.SEED)
            .build(),
        p -> new RlwWeighting(new Options(p.get(Options.DISTRIBUTION), p.get(Options.SEED))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    Ops tf = ctx.tf().withSubScope(KEY);
    GramMath m = new GramMath(tf);
    List<Term> part = TermState.participants(ctx.terms());
    Map<Term, Operand<TFloat32>> factor = new IdentityHashMap<>();
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    if (!part.isEmpty()) {
      Operand<TFloat32> lambda = m.vector(tf.nn.softmax(m.rowVector(draw(tf, ctx, part.size()))));
      for (int i = 0; i < part.size(); i++) factor.put(part.get(i), m.at(lambda, i));
      telemetry.putAll(TermState.perTerm(m, part, "adaptive_weight", lambda));
    }
    return TermState.result(ctx, tf, factor, telemetry);
  }

  /** λ̃ for this step: [k] draws keyed by (seed, global step). */
  Operand<TFloat32> draw(Ops tf, WeightingContext ctx, int k) {
    Operand<TInt64> key = tf.stack(List.of(tf.constant(options.seed()), ctx.globalStep()));
    Operand<org.tensorflow.types.TInt32> shape = tf.constant(new int[] {k});
    return options.distribution().equals("uniform")
        ? tf.random.statelessRandomUniform(shape, key, TFloat32.class)
        : tf.random.statelessRandomNormal(shape, key, TFloat32.class);
  }
}
