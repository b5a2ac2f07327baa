package dev.auxloss.tf.weighting;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * The projection onto the dual cone of the term gradients, in weight space (Quinton &amp; Rey,
 * "Jacobian Descent for Multi-Objective Optimization", arXiv:2406.16232, Proposition 1): the
 * projection of Jᵀu is Jᵀv with v = argmin vᵀGv subject to v ≥ u, G = JJᵀ. Solved exactly in the
 * graph by enumerating which coordinates are pinned at their bound: for every free set F, (Gv)_F =
 * 0 with v = u off F is one batched {@code MatrixSolve}, and the feasible candidate (v ≥ u) of
 * least vᵀGv is the optimum, whose own free set is among them. 2^m candidates: up to {@link
 * #MAX_TERMS}.
 */
final class DualCone {
  /** Most terms the exact projection enumerates free sets for (256 small solves each). */
  static final int MAX_TERMS = 8;

  private final GramMath m;
  private final Ops tf;

  DualCone(GramMath m) {
    this.m = m;
    this.tf = m.tf();
  }

  /** v = argmin vᵀGv s.t. v ≥ u, for a positive definite G [p, p] and u [p]. */
  Operand<TFloat32> project(Operand<TFloat32> g, Operand<TFloat32> u, int p) {
    if (p > MAX_TERMS) {
      throw new IllegalArgumentException(
          "the dual-cone projection is solved exactly for at most "
              + MAX_TERMS
              + " primary and auxiliary terms, found "
              + p);
    }
    int b = 1 << p;
    float[][] free = new float[b][p];
    float[][][] rowsFree = new float[b][p][p];
    float[][][] rowsPinned = new float[b][p][p];
    for (int s = 0; s < b; s++) {
      for (int i = 0; i < p; i++) {
        free[s][i] = (s >> i & 1) == 1 ? 1f : 0f;
        for (int j = 0; j < p; j++) rowsFree[s][i][j] = free[s][i];
        rowsPinned[s][i][i] = 1f - free[s][i];
      }
    }
    // Row i of system s: G's row i where i is free ((Gv)_i = 0), the identity row where pinned (v_i
    // = u_i).
    Operand<TFloat32> lhs =
        tf.math.add(
            tf.math.mul(m.cached("cone rows " + p, () -> tf.constant(rowsFree)), g),
            m.cached("cone pinned " + p, () -> tf.constant(rowsPinned)));
    Operand<TFloat32> pinned =
        tf.math.sub(m.c(1), m.cached("cone free " + p, () -> tf.constant(free)));
    Operand<TFloat32> rhs = tf.math.mul(pinned, m.rowVector(u));
    Operand<TFloat32> v =
        tf.reshape(m.solve(lhs, tf.reshape(rhs, m.shape(b, p, 1)), p, false), m.shape(b, p));
    Operand<TFloat32> objective = m.rowQuads(v, g);
    // Feasible within float32 rounding of the bound.
    Operand<TFloat32> slack =
        tf.math.mul(m.c(1e-5), tf.math.add(tf.math.abs(m.rowVector(u)), m.c(1)));
    Operand<TBool> ok =
        tf.math.logicalAnd(
            tf.reduceAll(tf.math.greaterEqual(tf.math.add(v, slack), m.rowVector(u)), m.index(1)),
            tf.math.logicalAnd(
                tf.reduceAll(tf.math.isFinite(v), m.index(1)), tf.math.isFinite(objective)));
    Operand<TFloat32> ranked =
        tf.select(ok, objective, tf.math.add(tf.zerosLike(objective), m.c(Float.MAX_VALUE)));
    return tf.math.maximum(
        m.pick(v, m.argMin(ranked)), u); // the chosen candidate, rounding clipped to the bound
  }
}
