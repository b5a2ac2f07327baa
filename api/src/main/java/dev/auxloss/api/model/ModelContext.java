package dev.auxloss.api.model;

import dev.auxloss.api.layers.Layers;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** What a {@link ModelFn} builds with: inputs, a layer kit, and where it publishes endpoints. */
public interface ModelContext {
  Ops tf();

  /** True in the training graph, false in the inference graph that is exported. */
  boolean training();

  /** A batch field the data provides (for example {@code "image"} or {@code "tokens"}). */
  <T extends TType> Operand<T> input(String name, Class<T> type);

  /** Layer kit for the model's own (served) variables. */
  Layers layers();

  /**
   * Publishes a named endpoint losses may read ({@code "block1/features"}, {@code "moe/0/router"}).
   */
  void publish(String name, Operand<?> value);

  /** Publishes a served output; it becomes an output of the SavedModel's serving signature. */
  void output(String name, Operand<?> value);

  long seed();
}
