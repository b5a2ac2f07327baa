package dev.auxloss.api.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Activations the layer kit applies after a layer; every one has a gradient in TF's registry. */
public enum Activation {
  NONE,
  RELU,
  TANH,
  SIGMOID,
  /** Exact GELU, 0.5·x·(1 + erf(x/√2)) (Hendrycks &amp; Gimpel 2016). */
  GELU;

  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return switch (this) {
      case NONE -> x;
      case RELU -> tf.nn.relu(x);
      case TANH -> tf.math.tanh(x);
      case SIGMOID -> tf.math.sigmoid(x);
      case GELU ->
          tf.math.mul(
              tf.math.mul(x, tf.constant(0.5f)),
              tf.math.add(
                  tf.constant(1f),
                  tf.math.erf(tf.math.mul(x, tf.constant((float) (1 / Math.sqrt(2)))))));
    };
  }
}
