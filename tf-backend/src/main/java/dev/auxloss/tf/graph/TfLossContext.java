package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.model.ModelFn;
import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * A loss term's view of the training graph. Head variables live under {@code heads/<term>/} and are
 * tagged train-only, so the exporter never sees them.
 */
public final class TfLossContext implements LossContext {
  private final Ops tf;
  private final String term;
  private final Endpoints endpoints;
  private final Endpoints fields;
  private final Operand<TFloat32> mask;
  private final Operand<TInt64> step;
  private final boolean training;
  private final TfVariableStore store;
  private final ModelFn model;
  private final long seed;
  private int passes;

  public TfLossContext(
      Ops tf,
      String term,
      Endpoints endpoints,
      Endpoints fields,
      Operand<TFloat32> mask,
      Operand<TInt64> step,
      boolean training,
      TfVariableStore store,
      ModelFn model,
      long seed) {
    this.tf = tf;
    this.term = term;
    this.endpoints = endpoints;
    this.fields = fields;
    this.mask = mask;
    this.step = step;
    this.training = training;
    this.store = store;
    this.model = model;
    this.seed = seed;
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public String termName() {
    return term;
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
  public List<Operand<TFloat32>> endpointGroup(String prefix) {
    return endpoints.group(prefix);
  }

  @Override
  public Set<String> endpointNames() {
    return endpoints.names();
  }

  @Override
  public <T extends TType> Operand<T> label(String name, Class<T> type) {
    return fields.get(name, type);
  }

  @Override
  public <T extends TType> Operand<T> input(String name, Class<T> type) {
    return fields.get(name, type);
  }

  @Override
  public Operand<TFloat32> labelMask() {
    return mask;
  }

  @Override
  public Operand<TInt64> globalStep() {
    return step;
  }

  @Override
  public boolean training() {
    return training;
  }

  @Override
  public Layers layers() {
    return new Layers(tf, store, "heads/" + term, true, training, seed);
  }

  @Override
  public ModelPass runModel(String inputName, Operand<?> replacement) {
    if (model == null) throw new IllegalStateException("no model to run a second pass of");
    Endpoints in = new Endpoints("input");
    fields.asMap().forEach((k, v) -> in.put(k, k.equals(inputName) ? replacement : v));
    if (!fields.has(inputName)) fields.get(inputName, TType.class); // throws, listing the fields
    Ops passOps = tf.withSubScope("pass" + (passes++));
    ForwardPass pass = ForwardPass.run(model, passOps, store, in, training, seed);
    return new ModelPass() {
      @Override
      public Operand<TFloat32> endpoint(String name) {
        return pass.endpoints().get(name, TFloat32.class);
      }

      @Override
      public Set<String> endpointNames() {
        return pass.endpoints().names();
      }
    };
  }

  @Override
  public long seed() {
    return seed;
  }
}
