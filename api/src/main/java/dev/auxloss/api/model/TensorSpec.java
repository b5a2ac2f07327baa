package dev.auxloss.api.model;

import java.util.Objects;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * A named field of a batch: its type and its shape without the batch axis ({@code [28, 28, 1]} for
 * an image, {@code []} for a class id).
 */
public record TensorSpec(String name, Class<? extends TType> type, Shape shape) {
  public TensorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(shape, "shape");
  }

  /** The shape with a leading unknown batch axis. */
  public Shape batched() {
    return Shape.of(-1).append(shape);
  }
}
