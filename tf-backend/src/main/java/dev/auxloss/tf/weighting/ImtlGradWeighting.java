package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code imtl-g} — the gradient half of impartial multi-task learning (Liu et al. 2021, "Towards
 * Impartial Multi-task Learning", ICLR): weights α on the simplex's affine hull (Σα = 1) such that
 * the combined gradient g = Σ αᵢvᵢ has the same projection on every term's unit gradient uᵢ =
 * vᵢ/‖vᵢ‖. With D = [v₁ − vᵢ]ᵢ₌₂..ₘ and U = [u₁ − uᵢ]ᵢ₌₂..ₘ the closed form is α₂..ₘ = v₁Uᵀ(DUᵀ)⁻¹,
 * α₁ = 1 − Σα₂..ₘ.
 *
 * <p>All of it is computed from the m×m Gram matrix of the weighted gradients vᵢ = wᵢ·∇Lᵢ on the
 * compared parameters and one (m−1)×(m−1) {@code MatrixSolve} in the graph (no gradient of α is
 * needed, so the missing Cholesky gradient does not matter). A tiny ridge keeps the solve finite
 * when two gradients are parallel, and a non-finite α falls back to uniform weights. The update on
 * the compared parameters is Σ αᵢvᵢ (Σα = 1 as in the paper); heads get w·∇L. Effective weight
 * wᵢ·αᵢ; {@code term/<name>/solver_weight}: αᵢ. The loss-scale half (IMTL-L) is not included. A
 * term whose weighted gradient is zero (an auxiliary scheduled to 0) has no unit gradient and takes
 * no part (α = 0); the anchor of the closed form is the term with the largest gradient.
 *
 * <p>Example: v₁ = (1, 0), v₂ = (0, 2) → α = (2/3, 1/3), g = (2/3, 2/3), equal projections 2/3.
 */
public final class ImtlGradWeighting implements WeightingStrategy {
  public static final String KEY = "imtl-g";

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "weights making the combined gradient's projection equal on every term's unit gradient")
            .paper("Liu et al. 2021, Towards Impartial Multi-task Learning (ICLR), IMTL-G")
            .build(),
        p -> new ImtlGradWeighting());
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    TermGradients tg = TermGradients.of(ctx, "imtl_g");
    GramMath m = tg.m;
    int p = tg.size();
    Operand<TFloat32> alpha = p <= 1 ? m.ones(p) : solve(m, tg.participantGram(), p);
    Operand<TFloat32> c = tg.fromParticipants(alpha);
    return tg.result(c, tg.weights, tg.byTerm(c), tg.perParticipant("solver_weight", alpha));
  }

  static Operand<TFloat32> solve(GramMath m, Operand<TFloat32> k, int p) {
    Ops tf = m.tf();
    // The anchor (row 0 of the system) must have a gradient: swap the largest one to the front.
    // The result does not depend on which term anchors; P is symmetric, so P⁻¹ = P.
    Operand<TFloat32> swap = anchorFirst(m, m.diag(k, p), p);
    Operand<TFloat32> alpha =
        m.matVec(swap, solveAnchored(m, m.matMulT(tf.linalg.matMul(swap, k), swap), p));
    return m.finiteOr(alpha, m.uniform(p));
  }

  /** The permutation [p, p] swapping index 0 with the index of the largest {@code d}. */
  private static Operand<TFloat32> anchorFirst(GramMath m, Operand<TFloat32> d, int p) {
    Ops tf = m.tf();
    Operand<TFloat32> e0 = m.basis(0, p);
    Operand<TFloat32> ea = m.oneHot(m.argMax(d), p);
    Operand<TFloat32> drop = tf.math.add(m.outer(e0, e0), m.outer(ea, ea));
    Operand<TFloat32> cross = tf.math.add(m.outer(e0, ea), m.outer(ea, e0));
    return tf.math.add(tf.math.sub(m.eye(p), drop), cross);
  }

  /**
   * α for a Gram matrix whose row 0 has a gradient. A term with a zero gradient (scheduled to 0)
   * has no unit vector: its equation would force g·u₁ = 0, so it is replaced by αᵢ = 0.
   */
  private static Operand<TFloat32> solveAnchored(GramMath m, Operand<TFloat32> k, int p) {
    Ops tf = m.tf();
    Operand<TFloat32> norms = m.sqrt(m.diag(k, p));
    // K̂ᵢⱼ = vᵢ·uⱼ
    Operand<TFloat32> kHat = m.div(k, m.rowVector(norms));
    float[][] diff = new float[p - 1][p];
    for (int r = 0; r < p - 1; r++) {
      diff[r][0] = 1f;
      diff[r][r + 1] = -1f;
    }
    Operand<TFloat32> pm = tf.constant(diff);
    Operand<TFloat32> kHatPt = m.matMulT(kHat, pm); // [p, p-1]
    Operand<TFloat32> dut = tf.linalg.matMul(pm, kHatPt); // D·Uᵀ [p-1, p-1]
    Operand<TFloat32> a = m.row(kHatPt, 0); // v₁·Uᵀ
    Operand<TFloat32> trace = m.sum(m.diag(tf.math.abs(dut), p - 1));
    Operand<TFloat32> ridge =
        tf.math.add(tf.math.mul(m.c(1e-6 / (p - 1)), trace), m.c(GramMath.TINY));
    Operand<TFloat32> present =
        tf.math.sub(
            m.ones(p - 1),
            tf.slice(m.absent(k, p), tf.constant(new int[] {1}), tf.constant(new int[] {p - 1})));
    Operand<TFloat32> keep = m.outer(present, present);
    Operand<TFloat32> lhs =
        tf.math.add(
            tf.math.mul(tf.math.add(dut, tf.math.mul(ridge, m.eye(p - 1))), keep),
            tf.math.mul(m.eye(p - 1), m.outer(tf.math.sub(m.ones(p - 1), present), m.ones(p - 1))));
    // x·(DUᵀ) = a  ⇔  (DUᵀ)ᵀ·xᵀ = aᵀ
    Operand<TFloat32> x = m.vector(m.solve(lhs, m.column(tf.math.mul(a, present)), p - 1, true));
    Operand<TFloat32> first =
        tf.reshape(tf.math.sub(m.c(1), m.sum(x)), tf.constant(new long[] {1}));
    return tf.concat(List.of(first, x), tf.constant(0));
  }
}
