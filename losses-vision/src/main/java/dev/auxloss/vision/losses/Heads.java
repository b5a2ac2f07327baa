package dev.auxloss.vision.losses;

import dev.auxloss.api.loss.LossContext;
import dev.auxloss.vision.ops.VisionOps;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Build-time helpers for loss heads: class counts, feature vectors and label lookups. */
final class Heads {
  private Heads() {}

  /** {@code classes} when set, otherwise the last dimension of the model's {@code logits}. */
  static int classes(LossContext ctx, int classes, String key) {
    if (classes > 0) return classes;
    if (!ctx.endpointNames().contains("logits")) {
      throw new IllegalArgumentException(
          key
              + ": set 'classes'; it defaults to the last dimension of the 'logits' endpoint, but the"
              + " model publishes no 'logits'; endpoints: "
              + ctx.endpointNames());
    }
    return VisionOps.lastDim(ctx.endpoint("logits"), key + ": endpoint 'logits'");
  }

  /**
   * A feature vector per example: rank-2 endpoints as they are, rank-4 maps [B,H,W,C] through a
   * global average pool (Lin et al. 2014), the cheapest head input that keeps every channel.
   */
  static Operand<TFloat32> vector(Ops tf, Operand<TFloat32> x, String what) {
    int r = VisionOps.rank(x, what);
    if (r == 2) return x;
    if (r == 4) return tf.math.mean(x, tf.constant(new int[] {1, 2}));
    throw new IllegalArgumentException(
        what
            + " must be [batch, features] or [batch, height, width, channels], found "
            + x.shape());
  }

  /** An int32 label field, with the error message listing the fields when it is missing. */
  static Operand<TInt32> labels(LossContext ctx, String field) {
    return ctx.label(field, TInt32.class);
  }
}
