package dev.auxloss.nlp.testing;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.tf.graph.Endpoints;
import dev.auxloss.tf.graph.ForwardPass;
import dev.auxloss.tf.graph.TfGraphBuilder;
import dev.auxloss.tf.graph.TfLossContext;
import dev.auxloss.tf.graph.TfVariableStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A deliberately small trainer for tests (the real one lives in tf-backend): placeholders for the
 * dataset's fields, one forward pass, weighted loss terms, Adam on every variable a term reaches,
 * one {@code Session.run} per step. Lets the tests show that the models learn and that every loss
 * term has a gradient path through real model variables.
 */
public final class MiniTrainer implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final Map<String, Placeholder<?>> feeds = new LinkedHashMap<>();
  private final Map<String, Operand<TFloat32>> terms = new LinkedHashMap<>();
  private final Placeholder<TFloat32> beta1Power;
  private final Placeholder<TFloat32> beta2Power;
  private final Placeholder<TInt64> step;
  private final Endpoints endpoints;
  private final List<Op> updates = new ArrayList<>();
  private final List<String> trained = new ArrayList<>();
  private final Session session;
  private long steps;

  public MiniTrainer(ModelFn model, Dataset data, Map<String, AuxLoss> losses, Map<String, Double> weights,
      double lr, long seed) {
    TfVariableStore store = new TfVariableStore(tf, seed);
    Endpoints fields = new Endpoints("field");
    for (TensorSpec s : data.specs()) {
      Placeholder<?> p = tf.withName("in_" + s.name()).placeholder(s.type(), Placeholder.shape(s.batched()));
      feeds.put(s.name(), p);
      fields.put(s.name(), p);
    }
    step = tf.withName("step").placeholder(TInt64.class);
    // The backend's own forward pass and loss context: the tests exercise what the trainer hands losses.
    ForwardPass pass = ForwardPass.run(model, tf, store, fields, true, seed);
    endpoints = new Endpoints("endpoint");
    pass.endpoints().asMap().forEach(endpoints::put);
    pass.outputs().asMap().forEach((k, v) -> {
      if (!endpoints.has(k)) endpoints.put(k, v);
    });
    Operand<TFloat32> mask = TfGraphBuilder.labelMask(tf, fields);
    Operand<TFloat32> total = tf.constant(0f);
    for (var e : losses.entrySet()) {
      var ctx = new TfLossContext(tf, e.getKey(), pass.endpoints(), fields, mask, step, true, store, model, seed);
      Operand<TFloat32> v = e.getValue().build(ctx);
      terms.put(e.getKey(), v);
      total = tf.math.add(total, tf.math.mul(tf.constant((float) (double) weights.getOrDefault(e.getKey(), 1.0)), v));
    }
    Set<GraphOperation> reach = graph.subgraphTo(Set.of(total));
    List<Var> vars = store.trainable().stream().filter(v -> reach.contains((GraphOperation) v.value().op())).toList();
    Output<?>[] grads = graph.addGradients(total.asOutput(),
        vars.stream().map(v -> v.value().asOutput()).toArray(Output<?>[]::new));
    beta1Power = tf.placeholder(TFloat32.class);
    beta2Power = tf.placeholder(TFloat32.class);
    for (int i = 0; i < vars.size(); i++) {
      Var v = vars.get(i);
      var m = store.variable(v.name() + "/adam_m", store.shape(v.name()), Initializer.constant(0f), false, true);
      var s = store.variable(v.name() + "/adam_v", store.shape(v.name()), Initializer.constant(0f), false, true);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) (Operand<?>) grads[i];
      updates.add(tf.train.resourceApplyAdam(v.handle(), m.handle(), s.handle(), beta1Power, beta2Power,
          tf.constant((float) lr), tf.constant(0.9f), tf.constant(0.999f), tf.constant(1e-7f), g));
      trained.add(v.name());
    }
    // Grappler's rewrites cost seconds on the first run of these gradient graphs and buy nothing here
    session = new Session(graph, org.tensorflow.proto.ConfigProto.newBuilder()
        .setGraphOptions(org.tensorflow.proto.GraphOptions.newBuilder().setRewriteOptions(
            org.tensorflow.proto.RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
        .build());
  }

  /** Names of the variables the weighted loss reaches (and so trains). */
  public List<String> trainedVariables() {
    return trained;
  }

  /** One Adam step; returns each term's value before the update, by name. */
  public Map<String, Float> step(Batch batch) {
    steps++;
    List<Tensor> owned = new ArrayList<>();
    try {
      Session.Runner r = feed(session.runner(), batch, owned);
      Tensor b1 = TFloat32.scalarOf((float) Math.pow(0.9, steps));
      Tensor b2 = TFloat32.scalarOf((float) Math.pow(0.999, steps));
      owned.add(b1);
      owned.add(b2);
      r.feed(beta1Power, b1).feed(beta2Power, b2);
      updates.forEach(r::addTarget);
      terms.values().forEach(r::fetch);
      Map<String, Float> out = new LinkedHashMap<>();
      try (Result res = r.run()) {
        int i = 0;
        for (String name : terms.keySet()) out.put(name, ((TFloat32) res.get(i++)).getFloat());
      }
      return out;
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  /** Values of a float endpoint on a batch, flattened. */
  public float[] endpoint(String name, Batch batch) {
    List<Tensor> owned = new ArrayList<>();
    try (Result res = feed(session.runner(), batch, owned).fetch(endpoints.get(name, TFloat32.class)).run()) {
      TFloat32 t = (TFloat32) res.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  private Session.Runner feed(Session.Runner r, Batch batch, List<Tensor> owned) {
    for (var e : feeds.entrySet()) {
      HostTensor h = batch.get(e.getKey());
      Tensor t = h instanceof HostTensor.Floats f
          ? TFloat32.tensorOf(f.shape(), DataBuffers.of(f.values(), true, false))
          : TInt32.tensorOf(h.shape(), DataBuffers.of(((HostTensor.Ints) h).values(), true, false));
      owned.add(t);
      r.feed(e.getValue(), t);
    }
    Tensor s = TInt64.scalarOf(steps);
    owned.add(s);
    return r.feed(step, s);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
