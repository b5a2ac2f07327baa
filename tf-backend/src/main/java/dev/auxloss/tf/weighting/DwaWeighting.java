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
 * {@code dwa} — dynamic weight average (Liu, Johns &amp; Davison 2019, "End-to-End Multi-Task
 * Learning with Attention", CVPR), T = 2: λₖ(t) = K·exp(rₖ/T) / Σᵢ exp(rᵢ/T) with rₖ =
 * L̄ₖ(t−1)/L̄ₖ(t−2), the ratio of a term's last two recorded losses, and λ = 1 for the first two
 * steps. K is the number of primary/auxiliary terms; regularizers keep their scheduled weight. A
 * term whose loss falls more slowly gets more weight.
 *
 * <p>The paper averages losses over an epoch; here L̄ is the per-step loss ({@code ema_decay} = 0,
 * the default) or an exponential moving average L̄ ← d·L̄ + (1−d)·L with {@code ema_decay} = d,
 * which smooths minibatch noise. State: {@code dwa/<term>/last_loss}, {@code
 * dwa/<term>/previous_loss}, {@code dwa/steps}. The losses should be positive (a non-positive
 * previous loss gives ratio 0). One backward pass of Σ wᵢλᵢLᵢ, with λ held constant.
 *
 * <p>Reported: effective weight wᵢλᵢ, {@code term/<name>/adaptive_weight} (λ), {@code
 * term/<name>/loss_ratio} (r). Example: ratios (1, 0.5), T = 2 → λ = 2·softmax(0.5, 0.25) ≈ (1.125,
 * 0.875).
 */
public final class DwaWeighting implements WeightingStrategy {
  public static final String KEY = "dwa";

  /**
   * @param temperature softness of the weights, &gt; 0
   * @param emaDecay 0 for the last two steps' losses, else the decay of their moving average, in
   *     [0, 1)
   */
  public record Options(double temperature, double emaDecay) {
    public static final Param<Double> TEMPERATURE =
        Param.number("temperature", 2.0, "softmax temperature T").above(0);
    public static final Param<Double> EMA_DECAY =
        Param.number("ema_decay", 0.0, "0: last two steps' losses; else EMA decay").fraction();
    public static final Options DEFAULTS =
        new Options(TEMPERATURE.defaultValue(), EMA_DECAY.defaultValue());

    public Options {
      TEMPERATURE.validate(temperature);
      EMA_DECAY.validate(emaDecay);
    }
  }

  private final Options options;

  public DwaWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "weights terms by the softmax of their recent loss ratios (slow terms get more)")
            .paper(
                "Liu, Johns & Davison 2019, End-to-End Multi-Task Learning with Attention (CVPR)")
            .params(Options.TEMPERATURE, Options.EMA_DECAY)
            .build(),
        p -> new DwaWeighting(new Options(p.get(Options.TEMPERATURE), p.get(Options.EMA_DECAY))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    Ops tf = ctx.tf().withSubScope(KEY);
    GramMath m = new GramMath(tf);
    List<Term> part = TermState.participants(ctx.terms());
    Map<Term, Operand<TFloat32>> factor = new IdentityHashMap<>();
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    if (!part.isEmpty()) {
      int k = part.size();
      TermState lastState = TermState.create(ctx, KEY, part, "last_loss", Initializer.zeros());
      TermState prevState = TermState.create(ctx, KEY, part, "previous_loss", Initializer.zeros());
      Var steps = ctx.stateVariable(KEY + "/steps", Shape.scalar(), Initializer.zeros());
      Operand<TFloat32> count = steps.value();
      Operand<TFloat32> last = lastState.value(m);
      Operand<TFloat32> losses = m.stack(part.stream().map(ctx::observedValue).toList());
      Operand<TFloat32> ratio = m.safeDiv(last, prevState.value(m));
      Operand<TFloat32> logits = m.rowVector(tf.math.div(ratio, m.c(options.temperature())));
      Operand<TFloat32> soft = tf.math.mul(m.c(k), m.vector(tf.nn.softmax(logits)));
      Operand<TFloat32> lambda = m.where(tf.math.greaterEqual(count, m.c(2)), soft, m.ones(k));
      Operand<TFloat32> d = m.c(options.emaDecay());
      Operand<TFloat32> smoothed =
          tf.math.add(tf.math.mul(d, last), tf.math.mul(tf.math.sub(m.c(1), d), losses));
      Operand<TFloat32> nextLast = m.where(tf.math.greater(count, m.c(0)), smoothed, losses);
      lastState.assign(m, nextLast);
      prevState.assign(m, last);
      ctx.assign(steps, tf.math.add(count, m.c(1)));
      for (int i = 0; i < k; i++) factor.put(part.get(i), m.at(lambda, i));
      telemetry.putAll(TermState.perTerm(m, part, "adaptive_weight", lambda));
      telemetry.putAll(TermState.perTerm(m, part, "loss_ratio", ratio));
    }
    return TermState.result(ctx, tf, factor, telemetry);
  }
}
