package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;
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
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code gradvac} — gradient vaccine (Wang et al. 2021, "Gradient Vaccine: Investigating and
 * Improving Multi-task Optimization in Massively Multilingual Models", ICLR). For each ordered pair
 * of terms an EMA target cosine φ̂ᵢⱼ (state, starts at 0, β = 0.01) is kept. Term i's weighted
 * gradient vᵢ' visits the others; where ρ = cos(vᵢ', vⱼ) &lt; φ̂ᵢⱼ it is moved toward vⱼ until the
 * cosine reaches the target:
 *
 * <pre>  vᵢ' ← vᵢ' + ‖vᵢ'‖·(φ̂·√(1−ρ²) − ρ·√(1−φ̂²)) / (‖vⱼ‖·√(1−φ̂²)) · vⱼ</pre>
 *
 * and φ̂ᵢⱼ ← (1−β)φ̂ᵢⱼ + βρ. With φ̂ = 0 this is PCGrad's projection. The update is Σ vᵢ'. As for
 * {@link PcGradWeighting} the visiting order is fixed and cyclic (the paper shuffles), and the
 * whole model's compared parameters form one group (the paper also applies it per layer group).
 *
 * <p>Reported: the scheduled weight; {@code term/<name>/adjusted} (adjustments this step) and
 * {@code term/<i>/target_cosine/<j>} per ordered pair, with the shared cosine/conflict telemetry.
 * Heads get w·∇L. State: {@code gradvac/<i>/<j>/target_cosine}.
 */
public final class GradVacWeighting implements WeightingStrategy {
  public static final String KEY = "gradvac";

  /**
   * @param beta EMA rate of the target cosines, in [0, 1)
   */
  public record Options(double beta) {
    public static final Options DEFAULTS = new Options(0.01);

    public Options {
      new Rules().fraction(beta, "beta").throwIfAny();
    }

    static Options read(Params p) {
      return new Options(p.number("beta", DEFAULTS.beta()));
    }
  }

  private final Options options;

  public GradVacWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return new BuiltInFactory(
        "moves each term gradient toward the others until their cosine meets an EMA target",
        "Wang et al. 2021, Gradient Vaccine (ICLR)",
        List.of(
            ParamSpec.number("beta", Options.DEFAULTS.beta(), "EMA rate of the target cosines")),
        p -> new GradVacWeighting(Options.read(p)));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, KEY);
    GramMath m = tg.m;
    Ops tf = tg.tf;
    int p = tg.size();
    Operand<TFloat32> k = p == 0 ? null : tg.participantGram();
    Operand<TFloat32> norms = p == 0 ? null : m.sqrt(m.diag(k, p));
    Operand<TFloat32> beta = m.zeros(p);
    Operand<TFloat32> b = m.c(options.beta());
    List<Operand<TFloat32>> counts = new ArrayList<>();
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      Term ti = tg.participant(i);
      Operand<TFloat32> ci = m.basis(i, p);
      Operand<TFloat32> count = m.c(0);
      for (int s = 1; s < p; s++) {
        int j = (i + s) % p;
        Term tj = tg.participant(j);
        Var target =
            ctx.stateVariable(
                KEY + "/" + ti.name() + "/" + tj.name() + "/target_cosine",
                Shape.scalar(),
                Initializer.zeros());
        // a target of exactly 1 would ask for an infinite step toward vⱼ
        Operand<TFloat32> phi = m.clip(target.value(), -1, 0.999);
        Operand<TFloat32> kc = m.matVec(k, ci);
        Operand<TFloat32> ni = m.sqrt(m.dot(ci, kc));
        Operand<TFloat32> nj = m.at(norms, j);
        Operand<TFloat32> rho = m.clip(m.div(m.at(kc, j), tf.math.mul(ni, nj)), -1, 1);
        Operand<TFloat32> sinRho = m.sqrt(tf.math.sub(m.c(1), tf.math.square(rho)));
        Operand<TFloat32> sinPhi = m.sqrt(tf.math.sub(m.c(1), tf.math.square(phi)));
        Operand<TFloat32> num =
            tf.math.mul(ni, tf.math.sub(tf.math.mul(phi, sinRho), tf.math.mul(rho, sinPhi)));
        Operand<TFloat32> coef = m.div(num, tf.math.mul(nj, sinPhi));
        Operand<TFloat32> below = m.indicator(tf.math.less(rho, phi));
        ci = tf.math.add(ci, tf.math.mul(tf.math.mul(below, coef), m.basis(j, p)));
        count = tf.math.add(count, below);
        Operand<TFloat32> next =
            tf.math.add(tf.math.mul(tf.math.sub(m.c(1), b), phi), tf.math.mul(b, rho));
        updates.add(TermState.assign(tf, target, next));
        telemetry.put(TermGradients.key(ti, "target_cosine/" + tj.name()), next);
      }
      beta = tf.math.add(beta, ci);
      counts.add(count);
    }
    if (p > 0) telemetry.putAll(tg.perParticipant("adjusted", m.stack(counts)));
    Operand<TFloat32> c = tg.fromParticipants(beta);
    return tg.result(c, tg.weights, tg.byTerm(tg.weights), telemetry, updates);
  }
}
