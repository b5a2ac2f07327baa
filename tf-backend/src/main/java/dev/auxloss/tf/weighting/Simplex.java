package dev.auxloss.tf.weighting;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * Solvers over the probability simplex {α ≥ 0, Σα = 1} of m term weights, as graph ops: the
 * Euclidean projection, the minimum-norm point of a Gram matrix (MGDA's subproblem), and the
 * machinery that solves every face of the simplex at once, which turns small problems (m ≤ {@value
 * #MAX_FACES}) into a fixed number of ops with an exact answer instead of an unrolled iteration.
 */
final class Simplex {
  /** Most terms the exact solvers enumerate the 2^m − 1 faces of the simplex for. */
  static final int MAX_FACES = 10;

  private final GramMath m;
  private final Ops tf;

  Simplex(GramMath m) {
    this.m = m;
    this.tf = m.tf();
  }

  /**
   * Euclidean projection without sorting: θ = max over i of (Σ_{k: v_k ≥ v_i} v_k − 1) / |{k: v_k ≥
   * v_i}|, result max(v − θ, 0) (Duchi et al. 2008; the threshold is the largest of the
   * sorted-prefix candidates, and each prefix is one of these sets).
   */
  Operand<TFloat32> project(Operand<TFloat32> v) {
    Operand<TFloat32> rowV = m.rowVector(v);
    // mask[i][k] = v_k >= v_i
    Operand<TFloat32> mask = m.indicator(tf.math.greaterEqual(rowV, m.column(v)));
    Operand<TFloat32> sums = m.rowSums(tf.math.mul(mask, rowV));
    Operand<TFloat32> theta = m.max(tf.math.div(tf.math.sub(sums, m.c(1)), m.rowSums(mask)));
    return tf.math.maximum(tf.math.sub(v, theta), m.c(0));
  }

  /**
   * argmin over the simplex of αᵀKα: closed form for two (Sener &amp; Koltun 2018, Algorithm 1);
   * beyond, every face solved at once ({@code iterations} = 0; at most {@value #MAX_FACES} terms)
   * or that many Frank–Wolfe steps with exact line search from the uniform point (their Algorithm
   * 2).
   */
  Operand<TFloat32> minNormPoint(Operand<TFloat32> k, int p, int iterations) {
    if (p <= 1) return m.ones(p);
    if (p == 2) {
      Operand<TFloat32> k11 = m.entry(k, 0, 0);
      Operand<TFloat32> k12 = m.entry(k, 0, 1);
      Operand<TFloat32> k22 = m.entry(k, 1, 1);
      Operand<TFloat32> denom = tf.math.sub(tf.math.add(k11, k22), tf.math.mul(m.c(2), k12));
      // identical gradients: any α is optimal, take the middle
      Operand<TFloat32> a1 =
          m.where(
              tf.math.less(denom, m.c(GramMath.TINY)),
              m.c(0.5),
              m.clip(m.div(tf.math.sub(k22, k12), denom), 0, 1));
      return m.stack(List.of(a1, tf.math.sub(m.c(1), a1)));
    }
    if (iterations == 0) return exactMinNorm(k, p);
    Operand<TFloat32> alpha = m.uniform(p);
    Operand<TFloat32> diag = m.diag(k, p);
    for (int it = 0; it < iterations; it++) {
      Operand<TFloat32> ka = m.matVec(k, alpha);
      var t = m.argMin(ka);
      Operand<TFloat32> vv = m.dot(alpha, ka);
      Operand<TFloat32> vt = m.pick(ka, t);
      // min over γ of ‖(1−γ)v + γ·v_t‖²
      Operand<TFloat32> denom =
          tf.math.add(tf.math.sub(vv, tf.math.mul(m.c(2), vt)), m.pick(diag, t));
      Operand<TFloat32> gamma = m.clip(m.div(tf.math.sub(vv, vt), denom), 0, 1);
      alpha = tf.math.add(alpha, tf.math.mul(gamma, tf.math.sub(m.oneHot(t, p), alpha)));
    }
    return alpha;
  }

  /**
   * The same with the {@code absent} terms ([m], 1 = a zero gradient, e.g. scheduled to 0) left
   * out: a zero vector would be the hull's min-norm point and stop every update. The exact solver
   * skips the faces holding one, the others are kept off it by a large diagonal; then its α is set
   * to 0 and the rest renormalised.
   */
  Operand<TFloat32> minNormPoint(
      Operand<TFloat32> k, int p, int iterations, Operand<TFloat32> absent) {
    if (p <= 1) return m.ones(p);
    Operand<TFloat32> alpha =
        iterations == 0 && p > 2
            ? exactMinNorm(k, p, absent)
            : minNormPoint(penalised(k, absent, p), p, iterations);
    return m.withoutAbsent(alpha, absent, p);
  }

  /** K + diag(absent·big), big far above every present term's squared norm. */
  private Operand<TFloat32> penalised(Operand<TFloat32> k, Operand<TFloat32> absent, int p) {
    Operand<TFloat32> big = tf.math.mul(m.c(1e6), tf.math.add(m.sum(m.diag(k, p)), m.c(1)));
    return tf.math.add(k, tf.math.mul(m.eye(p), m.outer(tf.math.mul(absent, big), m.ones(p))));
  }

  /**
   * On face S the min-norm point is α ∝ K_S⁻¹·1, a feasible candidate when no entry is negative;
   * the feasible candidate of least αᵀKα is the optimum (the optimum's own face is among them).
   */
  Operand<TFloat32> exactMinNorm(Operand<TFloat32> k, int p) {
    return exactMinNorm(k, p, null);
  }

  /** The same over the faces that hold no {@code absent} term ([m], 1 = absent; null: none). */
  Operand<TFloat32> exactMinNorm(Operand<TFloat32> k, int p, Operand<TFloat32> absent) {
    Operand<TFloat32> alpha = m.normalizeRows(solveOnFaces(k, p, m.ones(p)));
    Operand<TFloat32> norms = m.rowQuads(alpha, k);
    Operand<TBool> valid = tf.math.isFinite(norms);
    if (absent != null) {
      Operand<TFloat32> touches =
          m.matVec(m.cached("faces " + p, () -> tf.constant(faceMasks(p))), absent);
      valid = tf.math.logicalAnd(valid, tf.math.lessEqual(touches, m.c(0)));
    }
    return m.finiteOr(best(alpha, norms, valid), m.uniform(p));
  }

  /** Row s is the indicator of support s + 1 (bit i set ⇔ term i in the face) [2^m − 1, m]. */
  private static float[][] faceMasks(int p) {
    int b = (1 << p) - 1;
    float[][] masks = new float[b][p];
    for (int s = 0; s < b; s++) {
      for (int i = 0; i < p; i++) masks[s][i] = ((s + 1) >> i & 1) == 1 ? 1f : 0f;
    }
    return masks;
  }

  /**
   * Solves K_S·x = r_S on every face S in one batched {@code MatrixSolve}, with x = 0 off the face
   * (identity rows there) and a ridge of 1e-6·tr(K)/m against singular faces: x [2^m − 1, m].
   */
  Operand<TFloat32> solveOnFaces(Operand<TFloat32> k, int p, Operand<TFloat32> rhs) {
    float[][] masks = faceMasks(p);
    int b = masks.length;
    float[][][] outer = new float[b][p][p];
    float[][][] off = new float[b][p][p];
    float[][][] on = new float[b][p][p];
    for (int s = 0; s < b; s++) {
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) outer[s][i][j] = masks[s][i] * masks[s][j];
        off[s][i][i] = 1f - masks[s][i];
        on[s][i][i] = masks[s][i];
      }
    }
    Operand<TFloat32> ridge =
        tf.math.add(tf.math.mul(m.c(1e-6 / p), m.sum(m.diag(k, p))), m.c(GramMath.TINY));
    Operand<TFloat32> lhs =
        tf.math.add(
            tf.math.add(
                tf.math.mul(m.cached("faces outer " + p, () -> tf.constant(outer)), k),
                m.cached("faces off " + p, () -> tf.constant(off))),
            tf.math.mul(ridge, m.cached("faces on " + p, () -> tf.constant(on))));
    Operand<TFloat32> right =
        tf.math.mul(m.cached("faces " + p, () -> tf.constant(masks)), m.rowVector(rhs));
    Operand<TFloat32> x = m.solve(lhs, tf.reshape(right, m.shape(b, p, 1)), p, false);
    return tf.reshape(x, m.shape(b, p));
  }

  /**
   * Among candidate points (rows of {@code points}, [c, m]), the one of least {@code objective} [c]
   * whose row is finite, within −1e-6 of non-negative and where {@code valid} [c] holds; clipped at
   * 0 and renormalised. Every candidate is a feasible point, so the choice is never worse than any.
   */
  Operand<TFloat32> best(
      Operand<TFloat32> points, Operand<TFloat32> objective, Operand<TBool> valid) {
    Operand<TBool> ok =
        tf.math.logicalAnd(
            tf.math.logicalAnd(valid, tf.math.isFinite(objective)),
            tf.math.logicalAnd(
                tf.reduceAll(tf.math.greaterEqual(points, m.c(-1e-6)), m.index(1)),
                tf.reduceAll(tf.math.isFinite(points), m.index(1))));
    Operand<TFloat32> ranked =
        tf.select(ok, objective, tf.math.add(tf.zerosLike(objective), m.c(Float.MAX_VALUE)));
    Operand<TFloat32> chosen = tf.math.maximum(m.pick(points, m.argMin(ranked)), m.c(0));
    return tf.math.div(chosen, m.sum(chosen));
  }
}
