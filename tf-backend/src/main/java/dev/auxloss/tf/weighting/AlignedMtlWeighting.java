package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * {@code aligned-mtl} — independent component alignment (Senushkin, Patakin, Kuznetsov &amp;
 * Konushin, "Independent Component Alignment for Multi-Task Learning", CVPR 2023, Algorithm 1, as
 * TorchJD's {@code AlignedMTL} adapts the authors' code): the weighted term gradients are made
 * orthogonal and of equal magnitude — the linear system of the gradients gets condition number 1 —
 * scaled by the smallest singular value. With the eigendecomposition of their Gram matrix G = VΛVᵀ
 * restricted to the eigenvalues above max(λ)·m·ε (ε = 2⁻²³, float32's), B = √λ_min·V·Λ^(−½)·Vᵀ and
 * the preference p (1/m each, TorchJD's default; {@code pref: sum}, 1 each), the weights are β = Bp
 * and the update on the compared parameters is Σⱼ βⱼgⱼ (+ regularizers unchanged); heads get wᵢ∇Lᵢ.
 * A zero Gram matrix leaves β = p. Works on the shared parameters and at a representation.
 *
 * <p>Reported: effective weight wⱼβⱼ, {@code term/<name>/adaptive_weight} (βⱼ) and the shared
 * cosine/conflict telemetry. Example: orthogonal gradients of norms 1 and 2 (G = diag(1, 4)) → B =
 * diag(1, ½), β = (½, ¼) with the mean preference: both contribute a step of length ½.
 */
public final class AlignedMtlWeighting implements WeightingStrategy {
  public static final String KEY = "aligned-mtl";
  private static final double FLOAT32_EPS = Math.ulp(1f);

  /**
   * @param pref {@code mean} (1/m per term, TorchJD's) or {@code sum} (1 per term)
   */
  public record Options(String pref) {
    public static final Param<String> PREF =
        Param.choice(
            "pref",
            "mean",
            List.of("mean", "sum"),
            "the preference the balance transformation is applied to: 1/m each (TorchJD's) or 1 each");
    public static final Options DEFAULTS = new Options(PREF.defaultValue());

    public Options {
      PREF.validate(pref);
    }
  }

  private final Options options;

  public AlignedMtlWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "aligns the term gradients: orthogonal, of equal magnitude (condition number 1)")
            .paper(
                "Senushkin et al. 2023, Independent Component Alignment for Multi-Task Learning (CVPR)")
            .params(Options.PREF)
            .build(),
        p -> new AlignedMtlWeighting(new Options(p.get(Options.PREF))));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    return TermGradients.of(ctx, KEY).reweighted(this::weights);
  }

  /** β = B·pref for the weighted Gram matrix k [p, p]. */
  Operand<TFloat32> weights(GramMath m, Operand<TFloat32> k, int p) {
    Ops tf = m.tf();
    Operand<TFloat32> pref = options.pref().equals("mean") ? m.uniform(p) : m.ones(p);
    List<Operand<TFloat32>> eig = m.symmetricEigen(k, p);
    Operand<TFloat32> lambda = eig.get(0);
    Operand<TFloat32> v = eig.get(1);
    Operand<TFloat32> tol = tf.math.mul(tf.reduceMax(lambda, m.index(0)), m.c(p * FLOAT32_EPS));
    Operand<TBool> kept = tf.math.greater(lambda, tol);
    Operand<TFloat32> inverseRoot =
        m.where(
            kept, tf.math.rsqrt(tf.math.maximum(lambda, m.c(GramMath.TINY))), tf.zerosLike(lambda));
    Operand<TFloat32> smallest =
        tf.reduceMin(
            m.where(kept, lambda, tf.math.add(tf.zerosLike(lambda), m.c(Float.MAX_VALUE))),
            m.index(0));
    // B·pref = √λ_R · V·diag(λ^−½)·Vᵀ·pref
    Operand<TFloat32> projected =
        m.matVec(tf.linalg.transpose(v, tf.constant(new int[] {1, 0})), pref);
    Operand<TFloat32> beta =
        tf.math.mul(m.sqrt(smallest), m.matVec(v, tf.math.mul(inverseRoot, projected)));
    return m.where(tf.reduceAny(kept, m.index(0)), beta, pref);
  }
}
