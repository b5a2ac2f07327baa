package dev.auxloss.api.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * A resource variable as the graph sees it.
 *
 * @param name the variable's unique name (also its checkpoint key and shared name)
 * @param handle the resource handle, for assign ops
 * @param value the single read of the variable every consumer uses (gradients are taken on it)
 * @param trainable whether the optimizer updates it
 * @param trainOnly whether it is left out of the served export (auxiliary heads, strategy state)
 */
public record Var(
    String name,
    Operand<? extends TType> handle,
    Operand<TFloat32> value,
    boolean trainable,
    boolean trainOnly) {}
