package dev.auxloss.tf.weighting;

import dev.auxloss.api.loss.Role;
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
import org.tensorflow.types.TFloat32;

/**
 * {@code cosine-gating} — an auxiliary gradient is used only while it points the primary's way (Du
 * et al. 2018, "Adapting Auxiliary Losses Using Gradient Similarity", arXiv:1812.02224). With p the
 * primary gradient on the compared parameters (Σ over primaries of wⱼ·∇Lⱼ) and cᵢ = cos(∇Lᵢ, p):
 *
 * <ul>
 *   <li>{@code variant = unweighted} (default): gate = 1 if cᵢ &gt; 0, else 0;
 *   <li>{@code variant = weighted}: gate = max(0, cᵢ).
 * </ul>
 *
 * The update on the compared parameters is Σ_primary wⱼ·∇Lⱼ + Σ_aux gateᵢ·wᵢ·∇Lᵢ (+ regularizers);
 * an auxiliary's own head (outside the compared set) always learns from its loss, w·∇L. Reported:
 * effective weight wᵢ·gateᵢ, {@code term/<name>/gate}, and the shared cosine/conflict telemetry.
 * Needs at least one primary term. Example: auxiliary at cosine −0.2 → gate 0, its weight reads 0.
 */
public final class CosineGatingWeighting implements WeightingStrategy {
  public static final String KEY = "cosine-gating";

  /**
   * @param variant {@code unweighted} (binary gate) or {@code weighted} (scale by max(0, cos))
   */
  public record Options(String variant) {
    public static final Param<String> VARIANT =
        Param.choice(
            "variant",
            "unweighted",
            List.of("unweighted", "weighted"),
            "unweighted: 0/1 gate; weighted: max(0, cos)");
    public static final Options DEFAULTS = new Options(VARIANT.defaultValue());

    public Options {
      VARIANT.validate(variant);
    }
  }

  private final Options options;

  public CosineGatingWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "uses an auxiliary gradient only when its cosine with the primary gradient is positive")
            .paper(
                "Du et al. 2018, Adapting Auxiliary Losses Using Gradient Similarity (arXiv:1812.02224)")
            .params(Options.VARIANT)
            .build(),
        p -> new CosineGatingWeighting(new Options(p.get(Options.VARIANT))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, "cosine_gating");
    requirePrimary(tg, KEY);
    GramMath m = tg.m;
    Operand<TFloat32> cos = tg.primaryCosines();
    Operand<TFloat32> zero = m.c(0);
    List<Operand<TFloat32>> gates = new ArrayList<>();
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    for (int j = 0; j < tg.size(); j++) {
      int i = tg.participants[j];
      Operand<TFloat32> gate = m.c(1);
      if (tg.terms.get(i).role() == Role.AUXILIARY) {
        Operand<TFloat32> ci = m.at(cos, i);
        gate =
            options.variant().equals("weighted")
                ? tg.tf.math.maximum(ci, zero)
                : m.indicator(tg.tf.math.greater(ci, zero));
        telemetry.put(TelemetryKeys.term(tg.terms.get(i).name(), "gate"), gate);
      }
      gates.add(gate);
    }
    Operand<TFloat32> c = tg.fromParticipants(m.stack(gates));
    return tg.result(c, tg.weights, tg.byTerm(c), telemetry);
  }

  /**
   * Primary-anchored modes compare against the primary gradient: fail while building without one.
   */
  static void requirePrimary(TermGradients tg, String key) {
    if (!tg.hasPrimary()) {
      throw new IllegalArgumentException(
          "weighting '"
              + key
              + "' needs a PRIMARY term to compare against; terms: "
              + tg.terms.stream().map(t -> t.name() + " (" + t.role() + ")").toList());
    }
  }
}
