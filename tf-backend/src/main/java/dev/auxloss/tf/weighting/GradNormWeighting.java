package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code gradnorm} — gradient normalisation (Chen et al. 2018, "GradNorm: Gradient Normalization
 * for Adaptive Loss Balancing in Deep Multitask Networks", ICML), α = 1.5, weight learning rate
 * 0.025.
 *
 * <p>Each primary/auxiliary term has a weight λᵢ (state, starts at 1). Per step, on the compared
 * parameters (the paper uses the last shared layer): Gᵢ = λᵢ·‖∇Lᵢ‖, Ḡ = mean Gᵢ, training rate rᵢ =
 * L̃ᵢ / mean L̃ with L̃ᵢ = max(Lᵢ(t)/|Lᵢ(0)|, 0) (Lᵢ(0) is recorded at the first step; a loss that
 * changed sign counts as rate 0, and a non-finite update keeps the old weights), and L_grad = Σ|Gᵢ
 * − Ḡ·rᵢ^α|. TF has no second-order gradients, so the weight gradient is taken in closed form with
 * the targets held constant as in the paper: ∂L_grad/∂λᵢ = sign(Gᵢ − Ḡrᵢ^α)·‖∇Lᵢ‖. Then λ ← max(λ −
 * lr·∂, {@code min_weight}) and λ is renormalised to sum to the number of weighted terms. The step
 * uses the weights from before the update (Algorithm 1), on every variable: Σ wᵢλᵢ∇Lᵢ, built from
 * the per-term gradients already taken (no extra backward pass). A schedule wᵢ multiplies λᵢ but
 * does not enter the balancing, so a term scheduled off keeps its weight for when it returns.
 *
 * <p>Reported: effective weight wᵢλᵢ, {@code term/<name>/adaptive_weight} (λᵢ), {@code
 * term/<name>/train_rate} (rᵢ), {@code gradnorm/loss} (L_grad) and the shared gradient telemetry.
 * Regularizers keep their scheduled weight. Example: two terms with equal rates and gradient norms
 * 1 and 3 start at λ = (1, 1); with lr 0.025 the next weights are ≈ (1.051, 0.949).
 *
 * <p><b>Versus LibMTL.</b> The weight update here is a plain in-graph step λᵢ ← λᵢ − lr·sign(Gᵢ −
 * Ḡrᵢ^α)·‖∇Lᵢ‖ ({@code learning_rate} 0.025, not the model's optimizer), so its size scales with
 * the raw gradient norms ‖∇Lᵢ‖ and a change of loss scale needs another {@code learning_rate}.
 * LibMTL instead learns logits ℓ with the model's optimizer and uses λ = T·softmax(ℓ) (T tasks),
 * and trains the first epoch unweighted, taking Lᵢ(0) as the epoch-0 mean loss; here Lᵢ(0) is the
 * first minibatch's loss and the weights adapt from the first step.
 */
public final class GradNormWeighting implements WeightingStrategy {
  public static final String KEY = "gradnorm";

  /**
   * @param alpha asymmetry: how strongly slower terms are pushed, &gt;= 0
   * @param learningRate step of the weight update, &gt; 0
   * @param minWeight floor applied before renormalising, so no weight reaches 0 or below, &gt;= 0
   */
  public record Options(double alpha, double learningRate, double minWeight) {
    public static final Param<Double> ALPHA =
        Param.number("alpha", 1.5, "restoring force toward equal training rates").atLeast(0);
    public static final Param<Double> LEARNING_RATE =
        Param.number("learning_rate", 0.025, "step of the in-graph weight update").above(0);
    public static final Param<Double> MIN_WEIGHT =
        Param.number("min_weight", 1e-3, "floor of a weight before renormalising").atLeast(0);
    public static final Options DEFAULTS =
        new Options(ALPHA.defaultValue(), LEARNING_RATE.defaultValue(), MIN_WEIGHT.defaultValue());

    public Options {
      ALPHA.validate(alpha);
      LEARNING_RATE.validate(learningRate);
      MIN_WEIGHT.validate(minWeight);
    }
  }

  private final Options options;

  public GradNormWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "learns term weights so their gradient norms follow their relative training rates")
            .paper("Chen et al. 2018, GradNorm (ICML)")
            .params(Options.ALPHA, Options.LEARNING_RATE, Options.MIN_WEIGHT)
            .build(),
        p ->
            new GradNormWeighting(
                new Options(
                    p.get(Options.ALPHA),
                    p.get(Options.LEARNING_RATE),
                    p.get(Options.MIN_WEIGHT))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, KEY);
    GramMath m = tg.m;
    Ops tf = tg.tf;
    int p = tg.size();
    if (p == 0) return tg.result(tg.weights, tg.weights, tg.byTerm(tg.weights), Map.of());
    List<Term> part = new ArrayList<>();
    for (int j = 0; j < p; j++) part.add(tg.participant(j));
    TermState weightState = TermState.create(ctx, KEY, part, "weight", Initializer.constant(1f));
    TermState initialState = TermState.create(ctx, KEY, part, "initial_loss", Initializer.zeros());
    Var started = ctx.stateVariable(KEY + "/initialized", Shape.scalar(), Initializer.zeros());

    Operand<TFloat32> lambda = weightState.value(m);
    Operand<TFloat32> losses = tg.toParticipants(tg.values);
    Operand<TFloat32> initial =
        m.where(tf.math.greater(started.value(), m.c(0)), initialState.value(m), losses);
    // A loss that changed sign (a term that can go below 0) has no training rate: count it as 0,
    // since r^α of a negative r is NaN and would stay in the weights for good.
    Operand<TFloat32> ratio = tf.math.maximum(m.safeDiv(losses, tf.math.abs(initial)), m.c(0));
    Operand<TFloat32> rate = m.div(ratio, tf.math.mean(ratio, tf.constant(0)));
    Operand<TFloat32> norms = tg.toParticipants(tg.norms());
    Operand<TFloat32> g = tf.math.mul(lambda, norms);
    Operand<TFloat32> target =
        tf.math.mul(tf.math.mean(g, tf.constant(0)), tf.math.pow(rate, m.c(options.alpha())));
    Operand<TFloat32> gap = tf.math.sub(g, target);
    Operand<TFloat32> step =
        tf.math.mul(m.c(options.learningRate()), tf.math.mul(tf.math.sign(gap), norms));
    Operand<TFloat32> moved = tf.math.maximum(tf.math.sub(lambda, step), m.c(options.minWeight()));
    Operand<TFloat32> next = m.finiteOr(tf.math.mul(m.div(moved, m.sum(moved)), m.c(p)), lambda);

    weightState.assign(m, next);
    initialState.assign(m, initial);
    ctx.assign(started, m.c(1));
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    telemetry.putAll(tg.perParticipant("adaptive_weight", lambda));
    telemetry.putAll(tg.perParticipant("train_rate", rate));
    telemetry.put(KEY + "/loss", m.sum(tf.math.abs(gap)));
    Operand<TFloat32> c = tg.fromParticipants(lambda);
    return tg.result(c, c, tg.byTerm(c), telemetry);
  }
}
