package dev.auxloss.api.layers;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomStandardNormal;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * Builds a variable's initial value in the graph from a per-variable seed (so runs repeat).
 *
 * <p>Defaults follow Glorot &amp; Bengio (2010) for dense/conv kernels and He et al. (2015) where a
 * layer says so.
 */
@FunctionalInterface
public interface Initializer {
  Operand<TFloat32> create(Ops tf, Shape shape, long seed);

  static Initializer zeros() {
    // fill, not tf.zeros: the Zeros helper opens a name scope, which scans the graph in TF Java
    // 1.1.0
    return (tf, shape, seed) -> tf.fill(tf.constant(shape), tf.constant(0f));
  }

  static Initializer constant(float value) {
    return (tf, shape, seed) -> tf.fill(tf.constant(shape), tf.constant(value));
  }

  /** Uniform in ±sqrt(6 / (fanIn + fanOut)) (Glorot &amp; Bengio 2010). */
  static Initializer glorotUniform() {
    return (tf, shape, seed) -> {
      long[] fans = fans(shape);
      double limit = Math.sqrt(6.0 / (fans[0] + fans[1]));
      return uniform(tf, shape, seed, limit);
    };
  }

  /** Normal with std sqrt(2 / fanIn) (He et al. 2015), for ReLU stacks. */
  static Initializer heNormal() {
    return (tf, shape, seed) -> normal(tf, shape, seed, Math.sqrt(2.0 / fans(shape)[0]));
  }

  /** Normal with a fixed standard deviation (embeddings, transformer weights). */
  static Initializer normal(double stddev) {
    return (tf, shape, seed) -> normal(tf, shape, seed, stddev);
  }

  private static Operand<TFloat32> uniform(Ops tf, Shape shape, long seed, double limit) {
    Operand<TFloat32> u =
        tf.random.randomUniform(
            tf.constant(shape), TFloat32.class, RandomUniform.seed(seed).seed2(seed >>> 7));
    return tf.math.mul(tf.math.sub(u, tf.constant(0.5f)), tf.constant((float) (2 * limit)));
  }

  private static Operand<TFloat32> normal(Ops tf, Shape shape, long seed, double std) {
    Operand<TFloat32> n =
        tf.random.randomStandardNormal(
            tf.constant(shape), TFloat32.class, RandomStandardNormal.seed(seed).seed2(seed >>> 7));
    return tf.math.mul(n, tf.constant((float) std));
  }

  /** fan-in and fan-out of a dense [in, out] or conv [h, w, in, out] kernel. */
  static long[] fans(Shape shape) {
    int r = shape.numDimensions();
    if (r < 2) return new long[] {Math.max(1, shape.size()), Math.max(1, shape.size())};
    long receptive = 1;
    for (int i = 0; i < r - 2; i++) receptive *= shape.get(i);
    return new long[] {shape.get(r - 2) * receptive, shape.get(r - 1) * receptive};
  }
}
