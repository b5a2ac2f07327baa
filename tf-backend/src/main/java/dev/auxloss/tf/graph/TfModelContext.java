package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import java.util.LinkedHashSet;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/** The model's view of one forward pass: inputs in, endpoints and served outputs out. */
final class TfModelContext implements ModelContext {
  private final Ops tf;
  private final boolean training;
  private final Endpoints inputs;
  private final Layers layers;
  private final long seed;
  final Endpoints endpoints = new Endpoints("endpoint");
  final Endpoints outputs = new Endpoints("output");
  final Set<String> inputsUsed = new LinkedHashSet<>();

  TfModelContext(Ops tf, boolean training, Endpoints inputs, Layers layers, long seed) {
    this.tf = tf;
    this.training = training;
    this.inputs = inputs;
    this.layers = layers;
    this.seed = seed;
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public boolean training() {
    return training;
  }

  @Override
  public <T extends TType> Operand<T> input(String name, Class<T> type) {
    Operand<T> in = inputs.get(name, type);
    inputsUsed.add(name);
    return in;
  }

  @Override
  public Layers layers() {
    return layers;
  }

  @Override
  public void publish(String name, Operand<?> value) {
    endpoints.put(name, value);
  }

  @Override
  public void output(String name, Operand<?> value) {
    outputs.put(name, value);
    if (!endpoints.has(name)) endpoints.put(name, value);
  }

  @Override
  public long seed() {
    return seed;
  }
}
