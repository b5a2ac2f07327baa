package dev.auxloss.tf.graph;

import dev.auxloss.api.metric.MetricContext;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/** A metric's view of the evaluation pass: its inference-mode endpoints and the batch's fields. */
public final class TfMetricContext implements MetricContext {
  private final Ops tf;
  private final Endpoints endpoints;
  private final Endpoints fields;

  public TfMetricContext(Ops tf, Endpoints endpoints, Endpoints fields) {
    this.tf = tf;
    this.endpoints = endpoints;
    this.fields = fields;
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public Operand<TFloat32> endpoint(String name) {
    return endpoints.get(name, TFloat32.class);
  }

  @Override
  public <T extends TType> Operand<T> endpoint(String name, Class<T> type) {
    return endpoints.get(name, type);
  }

  @Override
  public Set<String> endpointNames() {
    return endpoints.names();
  }

  @Override
  public <T extends TType> Operand<T> field(String name, Class<T> type) {
    return fields.get(name, type);
  }

  @Override
  public Set<String> fieldNames() {
    return fields.names();
  }
}
