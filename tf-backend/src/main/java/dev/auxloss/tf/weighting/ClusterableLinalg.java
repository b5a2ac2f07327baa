package dev.auxloss.tf.weighting;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The two linear-algebra kernels the strategies need — a small linear solve and a symmetric
 * eigendecomposition — written with elementary ops, unrolled over the static size p (the number of
 * terms). XLA:CPU's auto-clustering leaves {@code MatrixSolve} and {@code SelfAdjointEigV2} out of
 * the step's cluster and splits it there (measured by {@code XlaClusteringTest}); these join it.
 * They cost tens of small nodes per column or rotation, so {@link GramMath} uses them only when the
 * step is compiled ({@code runtime.xla}).
 */
final class ClusterableLinalg {
  /**
   * Jacobi sweeps over every off-diagonal pair. Convergence is quadratic once the off-diagonal mass
   * is small; six sweeps reach float32 rounding on Gram matrices of up to 10 terms (tested; 12
   * too).
   */
  static final int SWEEPS = 6;

  private final GramMath m;
  private final Ops tf;

  ClusterableLinalg(GramMath m) {
    this.m = m;
    this.tf = m.tf();
  }

  /**
   * {@code lhs⁻¹·rhs} for lhs [b, p, p] and rhs [b, p, k] by Gauss–Jordan elimination with partial
   * pivoting (MatrixSolve's LU pivots the same way). A zero pivot gives non-finite values where
   * MatrixSolve fails the run: the face and dual-cone solvers drop such a candidate, elsewhere the
   * finite guard skips the step.
   */
  Operand<TFloat32> solve(Operand<TFloat32> lhs, Operand<TFloat32> rhs, int p) {
    Operand<TFloat32> a = tf.concat(List.of(lhs, rhs), tf.constant(2));
    for (int j = 0; j < p; j++) {
      Operand<TFloat32> e = m.basis(j, p);
      Operand<TFloat32> col = tf.gather(a, m.index(j), m.index(2)); // [b, p]
      // The largest |entry| among rows j..p-1; rows above j score −1.
      float[] rowsFromJ = from(j, p);
      Operand<TFloat32> below = m.cached("rows from " + j + "/" + p, () -> tf.constant(rowsFromJ));
      Operand<TFloat32> score =
          tf.math.sub(tf.math.mul(tf.math.abs(col), below), tf.math.sub(m.c(1), below));
      Operand<TInt32> pivot = tf.math.argMax(score, m.index(1), TInt32.class);
      Operand<TFloat32> q = tf.oneHot(pivot, m.index(p), m.c(1), m.c(0)); // [b, p]
      // Swap rows j and pivot: a + (q − e)·(a_j − a_pivot)ᵀ.
      Operand<TFloat32> rowJ = tf.gather(a, m.index(j), m.index(1)); // [b, p + k]
      Operand<TFloat32> rowPivot =
          tf.reduceSum(tf.math.mul(tf.expandDims(q, m.index(2)), a), m.index(1));
      a =
          tf.math.add(
              a,
              tf.math.mul(
                  tf.expandDims(tf.math.sub(q, e), m.index(2)),
                  tf.expandDims(tf.math.sub(rowJ, rowPivot), m.index(1))));
      Operand<TFloat32> row = tf.gather(a, m.index(j), m.index(1)); // [b, p + k]
      Operand<TFloat32> lead = tf.gather(row, m.index(j), m.index(1)); // [b]
      row = tf.math.div(row, tf.expandDims(lead, m.index(1)));
      Operand<TFloat32> factors =
          tf.math.mul(tf.gather(a, m.index(j), m.index(2)), off(e)); // [b, p]
      Operand<TFloat32> eliminated =
          tf.math.sub(
              a, tf.math.mul(tf.expandDims(factors, m.index(2)), tf.expandDims(row, m.index(1))));
      a =
          tf.math.add(
              tf.math.mul(eliminated, column(off(e))),
              tf.math.mul(column(e), tf.expandDims(row, m.index(1))));
    }
    return tf.slice(a, tf.constant(new int[] {0, 0, p}), tf.constant(new int[] {-1, -1, -1}));
  }

  /**
   * Eigenvalues [p] and eigenvectors (columns of [p, p]) of a symmetric k [p, p] by cyclic Jacobi
   * rotations ({@link #SWEEPS} sweeps), in no particular order: V·diag(λ)·Vᵀ = k.
   */
  List<Operand<TFloat32>> symmetricEigen(Operand<TFloat32> k, int p) {
    Operand<TFloat32> a = k;
    Operand<TFloat32> v = m.eye(p);
    for (int sweep = 0; sweep < SWEEPS; sweep++) {
      for (int i = 0; i < p; i++) {
        for (int j = i + 1; j < p; j++) {
          Operand<TFloat32> aii = entry(a, i, i, p);
          Operand<TFloat32> ajj = entry(a, j, j, p);
          Operand<TFloat32> aij = entry(a, i, j, p);
          // tan of the angle that zeroes a_ij: t = sign(θ)/(|θ| + √(θ² + 1)), θ = (a_jj −
          // a_ii)/2a_ij;
          // 0 when a_ij already vanishes (θ = ±∞ gives t = 0 as well).
          Operand<TFloat32> theta = tf.math.div(tf.math.sub(ajj, aii), tf.math.mul(m.c(2), aij));
          Operand<TFloat32> t =
              tf.math.div(
                  tf.select(tf.math.less(theta, m.c(0)), m.c(-1), m.c(1)),
                  tf.math.add(
                      tf.math.abs(theta),
                      tf.math.sqrt(tf.math.add(tf.math.square(theta), m.c(1)))));
          t = tf.select(tf.math.equal(aij, m.c(0)), m.c(0), t);
          Operand<TFloat32> c = tf.math.rsqrt(tf.math.add(tf.math.square(t), m.c(1)));
          Operand<TFloat32> s = tf.math.mul(t, c);
          // J = I + (c − 1)(eᵢeᵢᵀ + eⱼeⱼᵀ) + s(eᵢeⱼᵀ − eⱼeᵢᵀ)
          Operand<TFloat32> rotation =
              tf.math.add(
                  m.eye(p),
                  tf.math.add(
                      tf.math.mul(tf.math.sub(c, m.c(1)), pattern(p, i, i, j, j, 1)),
                      tf.math.mul(s, pattern(p, i, j, j, i, -1))));
          a =
              tf.linalg.matMul(
                  tf.linalg.matMul(rotation, a, MatMul.transposeA(true)),
                  rotation,
                  new MatMul.Options[0]);
          v = tf.linalg.matMul(v, rotation, new MatMul.Options[0]);
        }
      }
    }
    return List.of(m.diag(a, p), v);
  }

  /** a[i][j] as a scalar. */
  private Operand<TFloat32> entry(Operand<TFloat32> a, int i, int j, int p) {
    return tf.reduceSum(
        tf.math.mul(a, pattern(p, i, j, -1, -1, 0)),
        m.cached("axes 0,1", () -> tf.constant(new int[] {0, 1})));
  }

  /** The constant with 1 at (r1, c1) and {@code second} at (r2, c2) (r2 &lt; 0: none) [p, p]. */
  private Operand<TFloat32> pattern(int p, int r1, int c1, int r2, int c2, int second) {
    return m.cached(
        "pattern " + p + " " + r1 + "," + c1 + " " + r2 + "," + c2 + " " + second,
        () -> {
          float[][] x = new float[p][p];
          x[r1][c1] = 1f;
          if (r2 >= 0) x[r2][c2] += second;
          return tf.constant(x);
        });
  }

  private static float[] from(int j, int p) {
    float[] x = new float[p];
    for (int i = j; i < p; i++) x[i] = 1f;
    return x;
  }

  /** 1 − e. */
  private Operand<TFloat32> off(Operand<TFloat32> e) {
    return tf.math.sub(m.c(1), e);
  }

  /** A vector [p] as [1, p, 1], to scale the rows of a batch of matrices. */
  private Operand<TFloat32> column(Operand<TFloat32> v) {
    return tf.reshape(v, m.shape(1, -1, 1));
  }
}
