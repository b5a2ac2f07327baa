package dev.auxloss.tf.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A graph with fed float inputs, for checking analytic gradients ({@code Graph.addGradients})
 * against central finite differences of the same forward graph.
 *
 * <pre>{@code
 * try (GradientChecker c = new GradientChecker()) {
 *   Placeholder<TFloat32> x = c.input("x", new float[] {1, 2, 3}, 3);
 *   Operand<TFloat32> y = c.weightedSum(c.tf.math.erfc(x));
 *   c.assertGradientMatches(y, x);
 * }
 * }</pre>
 */
final class GradientChecker implements AutoCloseable {
  static final double EPS = 1e-2;
  static final double RTOL = 1e-2;
  static final double ATOL = 2e-3;

  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  private final Map<Operand<TFloat32>, Fed> feeds = new LinkedHashMap<>();
  private final Random random = new Random(42);
  private Session session;

  private record Fed(float[] values, Shape shape) {}

  GradientChecker() {
    TfGradients.registerAll();
  }

  /** A float placeholder fed with {@code values} (row-major) of the given shape. */
  Placeholder<TFloat32> input(String name, float[] values, long... shape) {
    Shape s = Shape.of(shape);
    if (s.size() != values.length) {
      throw new IllegalArgumentException(name + ": " + values.length + " values for " + s);
    }
    Placeholder<TFloat32> p = tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(s));
    feeds.put(p, new Fed(values.clone(), s));
    return p;
  }

  /**
   * Feeds {@code op} (a variable's read, say) with {@code values} instead of computing it, so its
   * gradient can be checked like an input's.
   */
  <O extends Operand<TFloat32>> O feed(O op, float[] values) {
    Shape s = op.shape();
    if (s.hasUnknownDimension() || s.size() != values.length) {
      throw new IllegalArgumentException(op + ": " + values.length + " values for " + s);
    }
    feeds.put(op, new Fed(values.clone(), s));
    return op;
  }

  /** {@code sum(w * t)} with fixed pseudo-random weights in [-1, 1] (t's shape must be static). */
  Operand<TFloat32> weightedSum(Operand<TFloat32> t) {
    Shape s = t.shape();
    if (s.hasUnknownDimension()) {
      throw new IllegalArgumentException("weightedSum needs a static shape, got " + s);
    }
    float[] w = new float[(int) s.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (random.nextDouble() * 2 - 1);
    }
    Operand<TFloat32> weights = tf.constant(s, DataBuffers.of(w));
    return tf.sum(tf.math.mul(t, weights), tf.range(tf.constant(0), tf.rank(t), tf.constant(1)));
  }

  /** The analytic gradient of {@code y} with respect to {@code x}, evaluated at the feeds. */
  float[] analytic(Operand<TFloat32> y, Operand<?> x) {
    Output<?>[] g = graph.addGradients(y.asOutput(), new Output<?>[] {x.asOutput()});
    assertThat(TfGradients.isNoGradient(g[0])).as("gradient of %s exists", x).isFalse();
    @SuppressWarnings("unchecked")
    Operand<TFloat32> grad = (Operand<TFloat32>) (Operand<?>) g[0];
    return fetch(grad);
  }

  /** Central finite differences of {@code y} with respect to the fed {@code x}. */
  float[] numeric(Operand<TFloat32> y, Operand<TFloat32> x) {
    Fed base = feeds.get(x);
    try {
      return centralDifferences(
          base.values(),
          v -> {
            feeds.put(x, new Fed(v, base.shape()));
            return fetch(y)[0];
          });
    } finally {
      feeds.put(x, base);
    }
  }

  void assertGradientMatches(Operand<TFloat32> y, Operand<TFloat32> x) {
    assertClose(analytic(y, x), numeric(y, x), x.op().name());
  }

  /** Evaluates {@code op} with the current feeds. */
  float[] fetch(Operand<TFloat32> op) {
    return run(op);
  }

  /** Runs {@code target} (e.g. an assign) with one extra feed, fetching nothing. */
  void runTarget(org.tensorflow.op.Op target, Placeholder<TFloat32> p, float[] values, Shape s) {
    try (TFloat32 t = TFloat32.tensorOf(s, DataBuffers.of(values, false, false))) {
      session().runner().feed(p, t).addTarget(target).run().close();
    }
  }

  private float[] run(Operand<TFloat32> op) {
    Map<Operand<TFloat32>, TFloat32> tensors = new LinkedHashMap<>();
    try {
      Session.Runner r = session().runner();
      for (Map.Entry<Operand<TFloat32>, Fed> e : feeds.entrySet()) {
        TFloat32 t = TFloat32.tensorOf(e.getValue().shape(), DataBuffers.of(e.getValue().values()));
        tensors.put(e.getKey(), t);
        r.feed(e.getKey(), t);
      }
      try (Result result = r.fetch(op).run()) {
        TFloat32 t = (TFloat32) result.get(0);
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
      }
    } finally {
      tensors.values().forEach(Tensor::close);
    }
  }

  Session session() {
    if (session == null) {
      session = new Session(graph);
    }
    return session;
  }

  static float[] centralDifferences(float[] base, ToDoubleFunction<float[]> f) {
    float[] out = new float[base.length];
    for (int i = 0; i < base.length; i++) {
      float[] plus = base.clone();
      plus[i] += (float) EPS;
      float[] minus = base.clone();
      minus[i] -= (float) EPS;
      // the perturbation actually applied in float32
      double h = (double) plus[i] - (double) minus[i];
      out[i] = (float) ((f.applyAsDouble(plus) - f.applyAsDouble(minus)) / h);
    }
    return out;
  }

  static void assertClose(float[] analytic, float[] numeric, String what) {
    assertThat(analytic).as("%s: gradient length", what).hasSameSizeAs(numeric);
    for (int i = 0; i < analytic.length; i++) {
      double tol = ATOL + RTOL * Math.abs(numeric[i]);
      assertThat((double) analytic[i])
          .as(
              "%s: d/dx[%d]%n analytic %s%n numeric  %s",
              what, i, Arrays.toString(analytic), Arrays.toString(numeric))
          .isCloseTo(numeric[i], org.assertj.core.data.Offset.offset(tol));
    }
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
    graph.close();
  }
}
