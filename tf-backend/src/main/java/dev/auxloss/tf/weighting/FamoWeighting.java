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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code famo} — Fast Adaptive Multitask Optimization (Liu, Liang, Chen, Stone &amp; Liu, "FAMO:
 * Fast Adaptive Multitask Optimization", NeurIPS 2023; arXiv:2306.03792): decreases the term losses
 * at balanced rates with O(1) extra work per step — no per-term gradients. Over the primary and
 * auxiliary terms it keeps logits ξ (state {@code famo/<term>/logit}, 0 at the start) and with z =
 * softmax(ξ), Dₖ = Lₖ + 10⁻⁸ and c = Σⱼ zⱼ/Dⱼ descends Σₖ zₖ·log(Dₖ)/c, that is Σₖ λₖ·Lₖ with λₖ =
 * zₖ/(c·Dₖ) held constant (the λ sum to 1). The logits learn from how the log-losses fell: δₖ = log
 * Dₖ(before) − log Dₖ(after), gradient Jᵀδ = z⊙(δ − zᵀδ) of softmax, one Adam step (β = 0.9, 0.999,
 * ε = 10⁻⁸) with learning rate {@code learning_rate} = 0.025 and L2 weight decay {@code
 * weight_decay} = 0.01 on ξ, the defaults of the authors' code (LibMTL's is 10⁻³). Regularizers
 * keep their scheduled weight.
 *
 * <p>Where it differs from the authors' code: they re-evaluate the losses on the same batch after
 * the optimizer step to get "after" (a second forward pass); here the step stays one fused run, so
 * "after" is the next step's losses (on the next batch), and the logits move one step late, through
 * the softmax Jacobian at the current ξ. The losses must be positive (min losses are 0, as in their
 * code); a loss ≤ 0 is floored at 10⁻⁸. The authors clip the shared gradient norm at 1: use the
 * optimizer's {@code clip_norm: 1} for that. Data-parallel workers see the mean loss ({@link
 * WeightingContext#observedValue}) and take the same step.
 *
 * <p>Reported: effective weight wₖλₖ, {@code term/<name>/adaptive_weight} (λₖ) and {@code
 * term/<name>/logit} (ξₖ). Example: at the start, losses (0.5, 2) → z = (½, ½), c = 1.25, λ = (0.8,
 * 0.2): the smaller loss gets the larger weight, so both fall at the same relative rate.
 */
public final class FamoWeighting implements WeightingStrategy {
  public static final String KEY = "famo";
  private static final double EPS = 1e-8;
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;

  /**
   * @param learningRate the logits' Adam learning rate
   * @param weightDecay the logits' L2 weight decay (γ in the paper)
   */
  public record Options(double learningRate, double weightDecay) {
    public static final Param<Double> LEARNING_RATE =
        Param.number("learning_rate", 0.025, "Adam learning rate of the task logits").above(0);
    public static final Param<Double> WEIGHT_DECAY =
        Param.number("weight_decay", 0.01, "L2 weight decay of the task logits (gamma)").atLeast(0);
    public static final Options DEFAULTS =
        new Options(LEARNING_RATE.defaultValue(), WEIGHT_DECAY.defaultValue());

    public Options {
      LEARNING_RATE.validate(learningRate);
      WEIGHT_DECAY.validate(weightDecay);
    }
  }

  private final Options options;

  public FamoWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "learns loss weights so every term's log-loss falls at the same rate; no per-term gradients")
            .paper(
                "Liu et al. 2023, FAMO: Fast Adaptive Multitask Optimization (NeurIPS; arXiv:2306.03792)")
            .params(Options.LEARNING_RATE, Options.WEIGHT_DECAY)
            .build(),
        p ->
            new FamoWeighting(
                new Options(p.get(Options.LEARNING_RATE), p.get(Options.WEIGHT_DECAY))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    Ops tf = ctx.tf().withSubScope(KEY);
    GramMath m = new GramMath(tf);
    List<Term> part = TermState.participants(ctx.terms());
    Map<Term, Operand<TFloat32>> factor = new IdentityHashMap<>();
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    if (!part.isEmpty()) {
      TermState logits = TermState.create(ctx, KEY, part, "logit", Initializer.zeros());
      TermState first = TermState.create(ctx, KEY, part, "adam_m", Initializer.zeros());
      TermState second = TermState.create(ctx, KEY, part, "adam_v", Initializer.zeros());
      TermState lastLog = TermState.create(ctx, KEY, part, "last_log_loss", Initializer.zeros());
      Var steps = ctx.stateVariable(KEY + "/steps", Shape.scalar(), Initializer.zeros());

      Operand<TFloat32> xi = logits.value(m);
      Operand<TFloat32> z = m.vector(tf.nn.softmax(m.rowVector(xi)));
      Operand<TFloat32> d =
          tf.math.add(
              tf.math.maximum(m.stack(part.stream().map(ctx::observedValue).toList()), m.c(0)),
              m.c(EPS));
      Operand<TFloat32> zOverD = tf.math.div(z, d);
      Operand<TFloat32> lambda = tf.math.div(zOverD, tf.reduceSum(zOverD, tf.constant(0)));
      for (int i = 0; i < part.size(); i++) factor.put(part.get(i), m.at(lambda, i));

      // The logits' step, from the fall of the log-losses since the previous step (none at step 0).
      Operand<TFloat32> logD = tf.math.log(d);
      Operand<TFloat32> count = steps.value();
      Operand<TFloat32> delta = tf.math.sub(lastLog.value(m), logD);
      Operand<TFloat32> zDelta = tf.reduceSum(tf.math.mul(z, delta), tf.constant(0));
      Operand<TFloat32> g =
          tf.math.add(
              tf.math.mul(z, tf.math.sub(delta, zDelta)),
              tf.math.mul(m.c(options.weightDecay()), xi));
      Operand<TFloat32> t =
          tf.math.maximum(count, m.c(1)); // Adam's step number: the first update is step 1
      Operand<TFloat32> mNext =
          tf.math.add(tf.math.mul(m.c(BETA1), first.value(m)), tf.math.mul(m.c(1 - BETA1), g));
      Operand<TFloat32> vNext =
          tf.math.add(
              tf.math.mul(m.c(BETA2), second.value(m)),
              tf.math.mul(m.c(1 - BETA2), tf.math.square(g)));
      Operand<TFloat32> mHat = tf.math.div(mNext, tf.math.sub(m.c(1), tf.math.pow(m.c(BETA1), t)));
      Operand<TFloat32> vHat = tf.math.div(vNext, tf.math.sub(m.c(1), tf.math.pow(m.c(BETA2), t)));
      Operand<TFloat32> xiNext =
          tf.math.sub(
              xi,
              tf.math.mul(
                  m.c(options.learningRate()),
                  tf.math.div(mHat, tf.math.add(tf.math.sqrt(vHat), m.c(EPS)))));
      Operand<org.tensorflow.types.TBool> update = tf.math.greater(count, m.c(0));
      logits.assign(m, m.where(update, xiNext, xi));
      first.assign(m, m.where(update, mNext, first.value(m)));
      second.assign(m, m.where(update, vNext, second.value(m)));
      lastLog.assign(m, logD);
      ctx.assign(steps, tf.math.add(count, m.c(1)));

      telemetry.putAll(TermState.perTerm(m, part, "adaptive_weight", lambda));
      telemetry.putAll(TermState.perTerm(m, part, "logit", xi));
    }
    return TermState.result(ctx, tf, factor, telemetry);
  }
}
