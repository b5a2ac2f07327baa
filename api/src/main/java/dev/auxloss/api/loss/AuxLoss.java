package dev.auxloss.api.loss;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A loss term: a stateless value holding its parameters that builds its ops when asked.
 *
 * <p>The returned operand is a float32 scalar, the mean over the batch (it never depends on the
 * batch size). Build every op through {@link LossContext#tf()}, which is already scoped to the
 * term's name; head variables come from {@link LossContext#layers()} and are tagged train-only.
 *
 * <pre>{@code
 * AuxLoss l2 = ctx -> ctx.tf().math.mean(ctx.tf().math.square(ctx.endpoint("logits")),
 *     ctx.tf().constant(new int[] {0, 1}));
 * }</pre>
 */
@FunctionalInterface
public interface AuxLoss {
  /** Builds the term's ops and returns its batch-mean float32 scalar. */
  Operand<TFloat32> build(LossContext ctx);
}
