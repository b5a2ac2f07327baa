package dev.auxloss.tf.weighting;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.linalg.SelfAdjointEig;
import org.tensorflow.op.linalg.Solve;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Graph math on the small objects the gradient strategies solve over: coefficient vectors {@code
 * [m]} and Gram matrices {@code [m, m]} of m ≤ a handful of terms. Everything is plain ops,
 * unrolled in Java (no While/If), so a strategy's solver runs inside the training step.
 *
 * <p>Unrolled solvers multiply op counts, so constants are created once per strategy and reused,
 * and {@link #div} is a single guarded division: a / max(b, {@link #TINY}) — exact where the
 * numerator vanishes with its denominator (a cosine of a zero gradient), which is where it is used;
 * {@link #safeDiv} returns 0 for a vanishing denominator whatever the numerator.
 */
final class GramMath {
  /** Smallest denominator used; a normal float32. */
  static final float TINY = 1e-30f;

  private final Ops tf;
  private final Map<Object, Operand<?>> constants = new HashMap<>();

  /** Set when the step is compiled by XLA: solves and eigendecompositions from elementary ops. */
  private final ClusterableLinalg clusterable;

  GramMath(Ops tf) {
    this(tf, false);
  }

  /**
   * @param compiled the step is compiled by XLA ({@code runtime.xla}): {@link #solve} and {@link
   *     #symmetricEigen} use {@link ClusterableLinalg}, so the step stays one XLA cluster
   */
  GramMath(Ops tf, boolean compiled) {
    this.tf = tf;
    this.clusterable = compiled ? new ClusterableLinalg(this) : null;
  }

  /** A constant made once per strategy under {@code key}. */
  @SuppressWarnings("unchecked")
  <T extends org.tensorflow.types.family.TType> Operand<T> cached(
      Object key, java.util.function.Supplier<Operand<T>> make) {
    return (Operand<T>) constants.computeIfAbsent(key, k -> make.get());
  }

  /** A cached int32 scalar (indices, axes, depths). */
  Operand<TInt32> index(int i) {
    return cached("index " + i, () -> tf.constant(i));
  }

  /** A cached int64 shape vector. */
  Operand<TInt64> shape(long... dims) {
    return cached("shape " + java.util.Arrays.toString(dims), () -> tf.constant(dims));
  }

  Ops tf() {
    return tf;
  }

  Operand<TFloat32> c(double v) {
    float f = (float) v;
    return cached(f, () -> tf.constant(f));
  }

  /** The constant unit vector e_i of length m. */
  Operand<TFloat32> basis(int i, int m) {
    return cached(
        "basis " + i + "/" + m,
        () -> {
          float[] e = new float[m];
          e[i] = 1f;
          return tf.constant(e);
        });
  }

  /** The identity matrix [m, m]. */
  Operand<TFloat32> eye(int m) {
    return cached(
        "eye " + m,
        () -> {
          float[][] e = new float[m][m];
          for (int i = 0; i < m; i++) e[i][i] = 1f;
          return tf.constant(e);
        });
  }

  /** Element i of a vector, as a scalar. */
  Operand<TFloat32> at(Operand<TFloat32> v, int i) {
    return tf.gather(v, index(i), index(0));
  }

  /** Row i of a matrix. */
  Operand<TFloat32> row(Operand<TFloat32> k, int i) {
    return tf.gather(k, index(i), index(0));
  }

  /** Entry (of a vector) or row (of a matrix) at an index computed in the graph. */
  Operand<TFloat32> pick(Operand<TFloat32> k, Operand<TInt64> i) {
    return tf.gather(k, i, index(0));
  }

  Operand<TFloat32> entry(Operand<TFloat32> k, int i, int j) {
    return at(row(k, i), j);
  }

  Operand<TFloat32> dot(Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.reduceSum(tf.math.mul(a, b), index(0));
  }

  Operand<TFloat32> sum(Operand<TFloat32> v) {
    return tf.reduceSum(v, index(0));
  }

  Operand<TFloat32> max(Operand<TFloat32> v) {
    return tf.reduceMax(v, index(0));
  }

  /** A·v for a matrix [r, m] and a vector [m]. */
  Operand<TFloat32> matVec(Operand<TFloat32> a, Operand<TFloat32> v) {
    return tf.reshape(tf.linalg.matMul(a, column(v)), shape(-1));
  }

  /** A vector [m] as a column [m, 1]. */
  Operand<TFloat32> column(Operand<TFloat32> v) {
    return tf.reshape(v, shape(-1, 1));
  }

  /** A vector [m] as a row [1, m]. */
  Operand<TFloat32> rowVector(Operand<TFloat32> v) {
    return tf.reshape(v, shape(1, -1));
  }

  /** The outer product u·vᵀ of two vectors. */
  Operand<TFloat32> outer(Operand<TFloat32> u, Operand<TFloat32> v) {
    return tf.math.mul(column(u), rowVector(v));
  }

  /** A column [m, 1] or other one-axis-of-length-m tensor back to a vector [m]. */
  Operand<TFloat32> vector(Operand<TFloat32> x) {
    return tf.reshape(x, shape(-1));
  }

  /** vᵀ·K·v. */
  Operand<TFloat32> quad(Operand<TFloat32> k, Operand<TFloat32> v) {
    return dot(v, matVec(k, v));
  }

  /** A·Bᵀ. */
  Operand<TFloat32> matMulT(Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.linalg.matMul(a, b, MatMul.transposeB(true));
  }

  /** The diagonal of a square matrix [m, m] as a vector. */
  Operand<TFloat32> diag(Operand<TFloat32> k, int m) {
    return tf.reduceSum(tf.math.mul(k, eye(m)), index(1));
  }

  /** a / max(b, {@link #TINY}) for b ≥ 0 whose numerator vanishes with it. */
  Operand<TFloat32> div(Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.math.div(a, tf.math.maximum(b, c(TINY)));
  }

  /** a / b, or 0 where b &lt; {@link #TINY} (b ≥ 0), whatever a is. */
  Operand<TFloat32> safeDiv(Operand<TFloat32> a, Operand<TFloat32> b) {
    Operand<TFloat32> q = div(a, b);
    return tf.select(tf.math.less(tf.math.add(tf.zerosLike(q), b), c(TINY)), tf.zerosLike(q), q);
  }

  /** √max(x, 0), so a Gram entry that rounding left slightly negative gives 0, not NaN. */
  Operand<TFloat32> sqrt(Operand<TFloat32> x) {
    return tf.math.sqrt(tf.math.maximum(x, tf.zerosLike(x)));
  }

  Operand<TFloat32> clip(Operand<TFloat32> x, double lo, double hi) {
    return tf.math.minimum(tf.math.maximum(x, c(lo)), c(hi));
  }

  Operand<TFloat32> where(Operand<TBool> cond, Operand<TFloat32> a, Operand<TFloat32> b) {
    return tf.select(cond, a, b);
  }

  /** 1 where {@code cond}, else 0. */
  Operand<TFloat32> indicator(Operand<TBool> cond) {
    return tf.dtypes.cast(cond, TFloat32.class);
  }

  /** The unit vector at the smallest entry of v (first one on ties). */
  Operand<TFloat32> argMinBasis(Operand<TFloat32> v, int m) {
    return oneHot(argMin(v), m);
  }

  /** The unit vector e_i of length m for an index computed in the graph. */
  Operand<TFloat32> oneHot(Operand<TInt64> i, int m) {
    return tf.oneHot(i, index(m), c(1), c(0));
  }

  Operand<TInt64> argMin(Operand<TFloat32> v) {
    return tf.math.argMin(v, index(0));
  }

  Operand<TInt64> argMax(Operand<TFloat32> v) {
    return tf.math.argMax(v, index(0));
  }

  /**
   * 1 for the rows of a Gram matrix [m, m] whose gradient is zero (a term scheduled to weight 0, or
   * one that reached none of the compared parameters), else 0 [m]: solvers leave such terms out
   * instead of letting a zero vector decide (the min-norm point of a hull holding 0 is 0).
   */
  Operand<TFloat32> absent(Operand<TFloat32> k, int m) {
    Operand<TFloat32> d = diag(k, m);
    Operand<TFloat32> floor = tf.math.add(tf.math.mul(c(1e-12), max(d)), c(TINY));
    return indicator(tf.math.lessEqual(d, floor));
  }

  /**
   * α [m] with the {@code absent} entries set to 0 and the rest rescaled to sum 1 (uniform over the
   * present ones if they had no weight; α itself if every entry is absent).
   */
  Operand<TFloat32> withoutAbsent(Operand<TFloat32> alpha, Operand<TFloat32> absent, int m) {
    Operand<TFloat32> present = tf.math.sub(ones(m), absent);
    Operand<TFloat32> kept = tf.math.mul(alpha, present);
    Operand<TFloat32> total = sum(kept);
    Operand<TFloat32> count = sum(present);
    Operand<TFloat32> uniformPresent = tf.math.div(present, tf.math.maximum(count, c(1)));
    Operand<TFloat32> renormalised =
        where(
            tf.math.greater(total, c(0)),
            tf.math.div(kept, tf.math.maximum(total, c(TINY))),
            uniformPresent);
    return where(tf.math.greater(count, c(0)), renormalised, alpha);
  }

  Operand<TFloat32> stack(List<Operand<TFloat32>> scalars) {
    return tf.stack(scalars.stream().map(this::scalar).toList());
  }

  /** The n slices of {@code v} along its first axis, by one node (a rank-1 v gives scalars). */
  List<Operand<TFloat32>> unstack(Operand<TFloat32> v, int n) {
    return n == 1
        ? List.of(tf.squeeze(v, Squeeze.axis(List.of(0L))))
        : List.copyOf(tf.unstack(v, (long) n).output());
  }

  /** Reshapes a one-element operand to a scalar. */
  Operand<TFloat32> scalar(Operand<TFloat32> x) {
    return x.shape().numDimensions() == 0 ? x : tf.reshape(x, shape());
  }

  /**
   * {@code lhs⁻¹·rhs} (or {@code lhs⁻ᵀ·rhs} with {@code adjoint}) for one [p, p] system or a batch
   * [b, p, p]. MatrixSolve fails the whole run ("Input matrix is not invertible") on a NaN or Inf,
   * where every other op passes it on; so a non-finite {@code lhs}, which only a non-finite step
   * builds (the finite guard then skips that step), is solved as the identity instead. Wherever a
   * strategy's docs say MatrixSolve: under XLA it is {@link ClusterableLinalg#solve}.
   */
  Operand<TFloat32> solve(Operand<TFloat32> lhs, Operand<TFloat32> rhs, int p, boolean adjoint) {
    int rank = lhs.shape().numDimensions();
    if (clusterable != null) {
      Operand<TFloat32> l = adjoint ? tf.linalg.transpose(lhs, swapLast(rank)) : lhs;
      if (rank == 3) return clusterable.solve(l, rhs, p);
      Operand<TFloat32> x =
          clusterable.solve(tf.expandDims(l, index(0)), tf.expandDims(rhs, index(0)), p);
      return tf.squeeze(x, Squeeze.axis(List.of(0L)));
    }
    int[] axes = new int[rank];
    for (int i = 0; i < axes.length; i++) axes[i] = i;
    Operand<TBool> ok = tf.reduceAll(tf.math.isFinite(lhs), tf.constant(axes));
    return tf.linalg.solve(tf.select(ok, lhs, eye(p)), rhs, Solve.adjoint(adjoint));
  }

  /** The permutation that swaps the last two of {@code rank} axes. */
  private Operand<TInt32> swapLast(int rank) {
    int[] perm = new int[rank];
    for (int i = 0; i < rank; i++) perm[i] = i;
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    return tf.constant(perm);
  }

  /**
   * Eigenvalues [p] and eigenvectors (the columns of [p, p]) of a symmetric k, in no particular
   * order. SelfAdjointEig fails the whole run on a NaN or Inf, which only a non-finite step builds
   * (the finite guard then skips that step): the identity is decomposed instead.
   */
  List<Operand<TFloat32>> symmetricEigen(Operand<TFloat32> k, int p) {
    Operand<TBool> finite = tf.reduceAll(tf.math.isFinite(k), tf.constant(new int[] {0, 1}));
    Operand<TFloat32> safe = tf.select(finite, k, eye(p));
    if (clusterable != null) return clusterable.symmetricEigen(safe, p);
    SelfAdjointEig<TFloat32> eig = tf.linalg.selfAdjointEig(safe, SelfAdjointEig.computeV(true));
    return List.of(eig.e(), eig.v());
  }

  /** Replaces a vector that holds any non-finite entry by {@code fallback}. */
  Operand<TFloat32> finiteOr(Operand<TFloat32> v, Operand<TFloat32> fallback) {
    Operand<TBool> ok = tf.reduceAll(tf.math.isFinite(v), index(0));
    return tf.select(ok, v, fallback);
  }

  Operand<TFloat32> zeros(int m) {
    return cached("zeros " + m, () -> tf.constant(new float[m]));
  }

  Operand<TFloat32> ones(int m) {
    return filled(m, 1f);
  }

  /** Uniform vector 1/m. */
  Operand<TFloat32> uniform(int m) {
    return filled(m, 1f / m);
  }

  private Operand<TFloat32> filled(int m, float value) {
    return cached(
        "filled " + m + " " + value,
        () -> {
          float[] u = new float[m];
          java.util.Arrays.fill(u, value);
          return tf.constant(u);
        });
  }

  /** Each row of a [c, m] batch divided by its sum. */
  Operand<TFloat32> normalizeRows(Operand<TFloat32> x) {
    return tf.math.div(x, tf.reduceSum(x, index(1), ReduceSum.keepDims(true)));
  }

  /** Row-wise xᵢᵀ·K·xᵢ for a batch [c, m]. */
  Operand<TFloat32> rowQuads(Operand<TFloat32> x, Operand<TFloat32> k) {
    return tf.reduceSum(tf.math.mul(tf.linalg.matMul(x, k), x), index(1));
  }

  /** Row-wise sums of a batch [c, m]. */
  Operand<TFloat32> rowSums(Operand<TFloat32> x) {
    return tf.reduceSum(x, index(1));
  }
}
