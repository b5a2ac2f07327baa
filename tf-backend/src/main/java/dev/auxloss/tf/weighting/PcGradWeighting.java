package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code pcgrad} — gradient surgery (Yu et al. 2020, "Gradient Surgery for Multi-Task Learning",
 * NeurIPS). Each term's weighted gradient vᵢ = wᵢ·∇Lᵢ on the compared parameters is projected onto
 * the normal plane of every other term's (original) gradient vⱼ it conflicts with: if vᵢ'·vⱼ &lt; 0
 * then vᵢ' ← vᵢ' − (vᵢ'·vⱼ / ‖vⱼ‖²)·vⱼ; the update is Σᵢ vᵢ'. Other variables get Σ wᵢ·∇Lᵢ.
 *
 * <p><b>Order.</b> As in the paper, each term visits the others in a random order, drawn anew every
 * step ({@code order: random}, the default): a stateless draw from ({@code seed}, global step), so
 * a run repeats exactly, a resumed run continues the same sequence, and data-parallel workers draw
 * the same orders. {@code order: cyclic} fixes it: term i visits i+1, i+2, …, i−1 (mod m). With two
 * terms the order does not matter. The whole projection runs on the m×m Gram matrix inside the step
 * (one backward pass per term, no host round trip).
 *
 * <p>Reported: the effective weight of a term is its scheduled weight (projection changes
 * direction, not weight); {@code term/<name>/projected} counts the projections applied to its
 * gradient this step, with the shared {@code grad_norm}/{@code cosine}/{@code conflict_rate}.
 * Regularizers are added unprojected.
 *
 * <p>Example: v₁ = (1, 0), v₂ = (−1, 1): v₁' = (1, 0) + ½(−1, 1) = (0.5, 0.5), v₂' = (−1, 1) + (1,
 * 0) = (0, 1), update (0.5, 1.5).
 */
public final class PcGradWeighting implements WeightingStrategy {
  public static final String KEY = "pcgrad";

  /**
   * @param order {@code random} (the paper's: a new order per term and step) or {@code cyclic}
   * @param seed seeds the random orders (with the global step)
   */
  public record Options(String order, long seed) {
    public static final Options DEFAULTS =
        new Options(VisitOrder.ORDER.defaultValue(), VisitOrder.SEED.defaultValue());

    public Options {
      VisitOrder.ORDER.validate(order);
    }
  }

  private final Options options;

  public PcGradWeighting() {
    this(Options.DEFAULTS);
  }

  public PcGradWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "projects each conflicting term gradient onto the others' normal planes, then sums")
            .paper("Yu et al. 2020, Gradient Surgery for Multi-Task Learning (NeurIPS)")
            .params(VisitOrder.ORDER, VisitOrder.SEED)
            .build(),
        p -> new PcGradWeighting(new Options(p.get(VisitOrder.ORDER), p.get(VisitOrder.SEED))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, KEY);
    GramMath m = tg.m;
    Ops tf = tg.tf;
    int p = tg.size();
    Operand<TFloat32> k = tg.participantGram();
    Operand<TFloat32> diag = m.diag(k, p);
    VisitOrder order = VisitOrder.of(options.order(), options.seed(), ctx, tf, p);
    Operand<TFloat32> beta = m.zeros(p);
    List<Operand<TFloat32>> counts = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      Operand<TFloat32> ci = m.basis(i, p);
      Operand<TFloat32> count = m.c(0);
      for (int s = 1; s < p; s++) {
        Operand<TInt32> j = order.visit(i, s);
        Operand<TFloat32> dot = tf.gather(m.matVec(k, ci), j, tf.constant(0));
        Operand<TFloat32> conflict = tf.math.minimum(dot, m.c(0));
        Operand<TFloat32> ej = tf.oneHot(j, tf.constant(p), m.c(1), m.c(0));
        ci = tf.math.sub(ci, tf.math.mul(m.div(conflict, tf.gather(diag, j, tf.constant(0))), ej));
        count = tf.math.add(count, m.indicator(tf.math.less(dot, m.c(0))));
      }
      beta = tf.math.add(beta, ci);
      counts.add(count);
    }
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    if (p > 0) telemetry.putAll(tg.perParticipant("projected", m.stack(counts)));
    Operand<TFloat32> c = tg.fromParticipants(beta);
    return tg.result(c, tg.weights, tg.byTerm(tg.weights), telemetry);
  }
}
