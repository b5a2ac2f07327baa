package dev.auxloss.api.data;

import java.util.Arrays;
import org.tensorflow.ndarray.Shape;

/**
 * A batch field on the Java heap: float32 or int32 values in row-major order with their full shape
 * (batch axis first). The backend copies it into a native tensor right before the step.
 */
public sealed interface HostTensor {
  Shape shape();

  record Floats(Shape shape, float[] values) implements HostTensor {
    public Floats {
      check(shape, values.length);
    }
  }

  record Ints(Shape shape, int[] values) implements HostTensor {
    public Ints {
      check(shape, values.length);
    }
  }

  private static void check(Shape shape, int length) {
    if (shape.size() != length) {
      throw new IllegalArgumentException(
          "shape " + shape + " holds " + shape.size() + " values, found " + length);
    }
  }

  static Floats floats(float[] values, long... shape) {
    return new Floats(Shape.of(shape), values);
  }

  static Ints ints(int[] values, long... shape) {
    return new Ints(Shape.of(shape), values);
  }

  /** The first {@code n} rows (batch entries). */
  default HostTensor firstRows(int n) {
    long rows = shape().get(0);
    int per = (int) (shape().size() / Math.max(1, rows));
    long[] dims = shape().asArray().clone();
    dims[0] = n;
    if (this instanceof Floats f)
      return new Floats(Shape.of(dims), Arrays.copyOf(f.values(), n * per));
    Ints i = (Ints) this;
    return new Ints(Shape.of(dims), Arrays.copyOf(i.values(), n * per));
  }
}
