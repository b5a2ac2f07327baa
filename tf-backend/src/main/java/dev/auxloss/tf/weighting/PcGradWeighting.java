package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * {@code pcgrad} — gradient surgery (Yu et al. 2020, "Gradient Surgery for Multi-Task Learning",
 * NeurIPS). Each term's weighted gradient vᵢ = wᵢ·∇Lᵢ on the compared parameters is projected onto
 * the normal plane of every other term's (original) gradient vⱼ it conflicts with: if vᵢ'·vⱼ &lt; 0
 * then vᵢ' ← vᵢ' − (vᵢ'·vⱼ / ‖vⱼ‖²)·vⱼ; the update is Σᵢ vᵢ'. Other variables get Σ wᵢ·∇Lᵢ.
 *
 * <p><b>Order.</b> The paper visits the other terms in a random order. Here the order is fixed and
 * cyclic, term i visits i+1, i+2, …, i−1 (mod m), so a run repeats exactly and no term is always
 * projected last; with two terms the order does not matter. The whole projection runs on the m×m
 * Gram matrix inside the step (one backward pass per term, no host round trip).
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

  public static WeightingFactory factory() {
    return new BuiltInFactory(
        "projects each conflicting term gradient onto the others' normal planes, then sums",
        "Yu et al. 2020, Gradient Surgery for Multi-Task Learning (NeurIPS)",
        List.of(),
        (Params p) -> new PcGradWeighting());
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, KEY);
    GramMath m = tg.m;
    int p = tg.size();
    Operand<TFloat32> k = tg.participantGram();
    Operand<TFloat32> diag = m.diag(k, p);
    Operand<TFloat32> beta = m.zeros(p);
    List<Operand<TFloat32>> counts = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      Operand<TFloat32> ci = m.basis(i, p);
      Operand<TFloat32> count = m.c(0);
      for (int s = 1; s < p; s++) {
        int j = (i + s) % p;
        Operand<TFloat32> dot = m.at(m.matVec(k, ci), j);
        Operand<TFloat32> conflict = tg.tf.math.minimum(dot, m.c(0));
        ci = tg.tf.math.sub(ci, tg.tf.math.mul(m.div(conflict, m.at(diag, j)), m.basis(j, p)));
        count = tg.tf.math.add(count, m.indicator(tg.tf.math.less(dot, m.c(0))));
      }
      beta = tg.tf.math.add(beta, ci);
      counts.add(count);
    }
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    if (p > 0) telemetry.putAll(tg.perParticipant("projected", m.stack(counts)));
    Operand<TFloat32> c = tg.fromParticipants(beta);
    return tg.result(c, tg.weights, tg.byTerm(tg.weights), telemetry, List.of());
  }
}
