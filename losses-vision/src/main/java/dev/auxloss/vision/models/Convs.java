package dev.auxloss.vision.models;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.vision.ops.VisionOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A 3×3 (or k×k) SAME convolution with a chosen kernel initialiser. The layer kit's {@code conv2d}
 * always uses He-normal; the plain deep network needs Glorot to show the training difficulty deep
 * supervision addresses. Variables are named like the kit's ({@code <name>/kernel}, {@code
 * <name>/bias}).
 */
final class Convs {
  private Convs() {}

  static Operand<TFloat32> conv(
      Layers l,
      String name,
      Operand<TFloat32> x,
      int filters,
      int k,
      Initializer init,
      Activation act) {
    Ops tf = l.tf();
    long in = VisionOps.lastDim(x, "layer '" + name + "'");
    Operand<TFloat32> w = l.variable(name + "/kernel", Shape.of(k, k, in, filters), init);
    Operand<TFloat32> b = l.variable(name + "/bias", Shape.of(filters), Initializer.zeros());
    return act.apply(tf, tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME"), b));
  }
}
