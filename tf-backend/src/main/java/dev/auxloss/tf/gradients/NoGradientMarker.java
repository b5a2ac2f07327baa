package dev.auxloss.tf.gradients;

import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.types.family.TType;

/**
 * The value behind {@link OpGradient#none()}. It is not a tensor: the dispatcher replaces it by a
 * null {@code TF_Output} ({@code NoGradient()} in TF's C++ gradient builder) before the native side
 * reads the gradients, and using it anywhere else fails loudly.
 */
final class NoGradientMarker implements Operand<TType> {
  static final NoGradientMarker INSTANCE = new NoGradientMarker();

  private NoGradientMarker() {}

  @Override
  public Output<TType> asOutput() {
    throw misuse();
  }

  @Override
  public Operation op() {
    throw misuse();
  }

  private static IllegalStateException misuse() {
    return new IllegalStateException(
        "OpGradient.none() marks an input without gradient; it is only valid as an element of the"
            + " list an OpGradient returns");
  }

  @Override
  public String toString() {
    return "NoGradient";
  }

  /** True for the marker; kept here so the check reads the same everywhere. */
  static boolean is(Op op) {
    return op == INSTANCE;
  }
}
