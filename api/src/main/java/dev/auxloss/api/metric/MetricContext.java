package dev.auxloss.api.metric;

import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * What a metric may read while it builds: the endpoints the model published in inference mode (its
 * served outputs among them) and the fields of the evaluation batch (labels, masks). A name that
 * does not exist is an {@link IllegalArgumentException} listing the names that do.
 */
public interface MetricContext {
  /** Ops scoped to this metric ({@code eval/metrics/<name>}). */
  Ops tf();

  /** A float32 endpoint (for example {@code logits}). */
  Operand<TFloat32> endpoint(String name);

  /** An endpoint of any type, checked against {@code type}. */
  <T extends TType> Operand<T> endpoint(String name, Class<T> type);

  Set<String> endpointNames();

  /** A field of the batch (for example {@code label}), checked against {@code type}. */
  <T extends TType> Operand<T> field(String name, Class<T> type);

  Set<String> fieldNames();
}
