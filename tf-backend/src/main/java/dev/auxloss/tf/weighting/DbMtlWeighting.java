package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import dev.auxloss.tf.graph.TelemetryKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code db-mtl} — dual balancing (Lin, Ye, Zhang &amp; Kwok, "Dual-Balancing for Multi-Task
 * Learning", arXiv:2308.12029, 2023): losses are balanced in scale by taking their logarithms, and
 * gradients in magnitude by scaling each to the largest. With gₖ = wₖ·∇log(Lₖ + 10⁻⁸) = wₖ·∇Lₖ/(Lₖ
 * + 10⁻⁸) on the shared parameters, a moving average ĝₖ ← gₖ + βₜ·(ĝₖ − gₖ), βₜ = β/t^σ (β = 0.9, σ
 * = 0: LibMTL's defaults; ĝ starts at 0, t counts steps from 1), and αₖ = maxⱼ‖ĝⱼ‖/(‖ĝₖ‖ + 10⁻⁸),
 * the shared update is Σₖ αₖ·ĝₖ (+ regularizers' wᵢ∇Lᵢ, unchanged). Every primary and auxiliary
 * term thus pushes the shared weights as hard as the strongest one: the configured weights schedule
 * terms and switch them off (0), their magnitudes are balanced away, as the method intends. A
 * term's own head learns from wₖ·∇log Lₖ, as in LibMTL (its heads receive the log-loss gradients).
 * The losses must be positive (the log of a loss ≤ 0 uses 10⁻⁸).
 *
 * <p>Compares on the shared parameters only: with {@code compare_on: "endpoint:<R>"} the gradients
 * at R belong to this batch's examples, and a moving average across batches would mix different
 * examples, so building fails (LibMTL refuses rep_grad too). State: {@code db-mtl/average}
 * [participants, D] (every participant's ĝ over the D flattened shared parameters, averaged in one
 * update rather than one per term and variable), and {@code db-mtl/steps}. Reported: the scheduled
 * weight, {@code term/<name>/alpha} (αₖ) and the shared cosine/conflict telemetry. Example: ‖ĝ‖ =
 * (2, 0.5) → α = (1, 4).
 */
public final class DbMtlWeighting implements WeightingStrategy {
  public static final String KEY = "db-mtl";
  private static final double EPS = 1e-8;

  /**
   * @param beta the moving average's rate β, in [0, 1)
   * @param betaSigma σ: βₜ = β/t^σ decays with the step t when σ &gt; 0
   */
  public record Options(double beta, double betaSigma) {
    public static final Param<Double> BETA =
        Param.number("beta", 0.9, "rate of the gradients' moving average").fraction();
    public static final Param<Double> BETA_SIGMA =
        Param.number("beta_sigma", 0.0, "the rate decays as beta / step^beta_sigma").atLeast(0);
    public static final Options DEFAULTS =
        new Options(BETA.defaultValue(), BETA_SIGMA.defaultValue());

    public Options {
      BETA.validate(beta);
      BETA_SIGMA.validate(betaSigma);
    }
  }

  private final Options options;

  public DbMtlWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "log losses, and every term's averaged gradient scaled to the largest magnitude")
            .paper("Lin et al. 2023, Dual-Balancing for Multi-Task Learning (arXiv:2308.12029)")
            .params(Options.BETA, Options.BETA_SIGMA)
            .build(),
        p -> new DbMtlWeighting(new Options(p.get(Options.BETA), p.get(Options.BETA_SIGMA))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, KEY);
    if (tg.rep != null) {
      throw new IllegalArgumentException(
          "weighting '"
              + KEY
              + "' keeps moving averages of parameter gradients; "
              + "gradients at a representation belong to each batch's examples: use compare_on: \"shared\"");
    }
    Ops tf = tg.tf;
    GramMath m = tg.m;
    int p = tg.size();
    Var steps = ctx.stateVariable(KEY + "/steps", Shape.scalar(), Initializer.zeros());
    Operand<TFloat32> t = tf.math.add(steps.value(), m.c(1));
    ctx.assign(steps, t);
    Operand<TFloat32> rate =
        tf.math.div(m.c(options.beta()), tf.math.pow(t, m.c(options.betaSigma())));
    List<Integer> shared = tg.comparedIndices();
    List<Operand<TFloat32>> update = List.of(); // Σₖ αₖ·ĝₖ per shared variable
    Operand<TFloat32> alpha = m.zeros(p);
    if (p > 0 && !shared.isEmpty()) {
      // ĝ of every participant on the flattened shared parameters at once [p, D].
      Operand<TFloat32> rows = tg.participantRows();
      Operand<TFloat32> g = tf.math.mul(m.column(logScales(tg)), rows);
      Var avg =
          ctx.stateVariable(
              KEY + "/average",
              Shape.of(p, java.util.Arrays.stream(tg.comparedSizes()).sum()),
              Initializer.zeros());
      Operand<TFloat32> next = tf.math.add(g, tf.math.mul(rate, tf.math.sub(avg.value(), g)));
      ctx.assign(avg, next);
      Operand<TFloat32> norm = tf.math.sqrt(tf.reduceSum(tf.math.square(next), tf.constant(1)));
      alpha = tf.math.div(tf.reduceMax(norm, tf.constant(0)), tf.math.add(norm, m.c(EPS)));
      Operand<TFloat32> combined = tf.linalg.matMul(m.rowVector(alpha), next); // [1, D]
      update = split(tg, combined, shared);
    }

    Map<String, Operand<TFloat32>> gradients = new LinkedHashMap<>();
    for (int k = 0; k < tg.params.size(); k++) {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      int at = shared.indexOf(k);
      if (at >= 0 && p > 0) parts.add(update.get(at));
      for (int i = 0; i < tg.n; i++) {
        boolean participant = indexOf(tg.participants, i) >= 0;
        if (!participant)
          parts.add(tf.math.mul(m.at(tg.weights, i), tg.grads.get(i).get(k))); // a regularizer
        else if (at < 0) parts.add(tf.math.mul(logScale(tg, i), tg.grads.get(i).get(k))); // a head
      }
      gradients.put(
          tg.params.get(k).name(),
          parts.isEmpty()
              ? tf.zerosLike(tg.params.get(k).value())
              : parts.size() == 1 ? parts.get(0) : tf.math.addN(parts));
    }
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    for (int j = 0; j < p; j++)
      telemetry.put(TelemetryKeys.term(tg.participant(j).name(), "alpha"), m.at(alpha, j));
    tg.addTelemetry(telemetry);
    return new WeightingResult(gradients, tg.byTerm(tg.weights), telemetry);
  }

  /** {@link #logScale} of every participant [p]. */
  private static Operand<TFloat32> logScales(TermGradients tg) {
    Operand<TFloat32> loss = tg.tf.math.maximum(tg.toParticipants(tg.values), tg.m.c(0));
    return tg.tf.math.div(tg.toParticipants(tg.weights), tg.tf.math.add(loss, tg.m.c(EPS)));
  }

  /** A row [1, D] over the shared parameters back into one tensor per parameter, shaped as it. */
  private static List<Operand<TFloat32>> split(
      TermGradients tg, Operand<TFloat32> row, List<Integer> shared) {
    List<Operand<TFloat32>> pieces = tg.splitPerVariable(row);
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int j = 0; j < pieces.size(); j++) {
      Shape s = tg.params.get(shared.get(j)).value().shape();
      out.add(tg.tf.reshape(pieces.get(j), tg.tf.constant(s.asArray())));
    }
    return out;
  }

  /** wᵢ/(Lᵢ + 10⁻⁸): turns wᵢ∇Lᵢ into wᵢ∇log(Lᵢ + 10⁻⁸). */
  private static Operand<TFloat32> logScale(TermGradients tg, int i) {
    Operand<TFloat32> loss = tg.tf.math.maximum(tg.m.at(tg.values, i), tg.m.c(0));
    return tg.tf.math.div(tg.m.at(tg.weights, i), tg.tf.math.add(loss, tg.m.c(EPS)));
  }

  private static int indexOf(int[] xs, int x) {
    for (int j = 0; j < xs.length; j++) if (xs[j] == x) return j;
    return -1;
  }
}
