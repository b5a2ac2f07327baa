package dev.auxloss.testing;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A deliberately small trainer for tests, to show that a model, a dataset and loss terms learn
 * together before and independently of the real trainer: placeholders for the dataset's fields, one
 * forward pass in training mode, each term built by the backend's own loss context as the real
 * graph builder does, a weighted sum, plain SGD ({@code w −= lr·g}) or Adam on every trainable
 * variable the sum reaches, and one {@code Session.run} per step. No schedules, weighting
 * strategies, checkpoints or non-finite guards: use the CLI or {@code TfTrainingSession} for those.
 *
 * <pre>{@code
 * try (MiniTrainer t = MiniTrainer.builder().model(model).dataset(data)
 *     .term("primary", primaryLoss)
 *     .term("aux", auxLoss, 0.3)
 *     .adam(1e-2).seed(1).build()) {
 *   float[] losses = t.train(data.batches(Split.TRAIN, 32, 1), 300); // the weighted sum of each step
 *   assertThat(losses[299]).isLessThan(losses[0] / 2);
 *   // above 0.85 for tf-backend's TinyTask (3 classes), see MiniTrainerTest
 *   assertThat(t.accuracy(data, Split.TEST, 256, "logits", "label")).isGreaterThan(0.85);
 *   assertThat(t.trainedVariables()).contains("heads/aux/head/kernel");
 * }
 * }</pre>
 *
 * Term values are fetched in the same run as the update, so they are the values before it. The
 * global step fed to the terms counts the updates already applied (0 on the first step), as the
 * real trainer's does.
 */
public final class MiniTrainer implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final Map<String, Placeholder<?>> feeds = new LinkedHashMap<>();
  private final Map<String, Operand<TFloat32>> terms = new LinkedHashMap<>();
  private final Endpoints endpoints = new Endpoints("endpoint");
  private Placeholder<TInt64> step;
  private Operand<TFloat32> total;
  private Optimizer optimizer;
  private final List<String> trained = new ArrayList<>();
  private final Session session;
  private long steps;

  private MiniTrainer(Builder b) {
    try {
      build(b);
      // Grappler's rewrites cost seconds on the first run of these gradient graphs and buy nothing
      // here.
      session =
          new Session(
              graph,
              ConfigProto.newBuilder()
                  .setGraphOptions(
                      GraphOptions.newBuilder()
                          .setRewriteOptions(
                              RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
                  .build());
    } catch (RuntimeException | Error e) {
      graph.close(); // a loss that fails to build must not leak the native graph
      throw e;
    }
  }

  private void build(Builder b) {
    TfVariableStore store = new TfVariableStore(tf, b.seed);
    Endpoints fields = new Endpoints("field");
    for (TensorSpec s : b.dataset.specs()) {
      Placeholder<?> p =
          tf.withSubScope("input")
              .withName(TfVariableStore.opName(s.name()))
              .placeholder(s.type(), Placeholder.shape(s.batched()));
      feeds.put(s.name(), p);
      fields.put(s.name(), p);
    }
    step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    // The backend's own forward pass and loss context: the tests exercise what the trainer hands
    // losses.
    ForwardPass pass =
        ForwardPass.run(b.model, tf.withSubScope("model"), store, fields, true, b.seed);
    pass.endpoints().asMap().forEach(endpoints::put);
    pass.outputs()
        .asMap()
        .forEach(
            (k, v) -> {
              if (!endpoints.has(k)) endpoints.put(k, v);
            });
    Operand<TFloat32> mask = TfGraphBuilder.labelMask(tf, fields);
    Ops lossOps = tf.withSubScope("losses");
    Operand<TFloat32> sum = null;
    for (var e : b.losses.entrySet()) {
      String name = e.getKey();
      var ctx =
          new TfLossContext(
              lossOps.withSubScope(TfVariableStore.opName(name)),
              name,
              pass.endpoints(),
              fields,
              mask,
              step,
              true,
              store,
              b.model,
              b.seed);
      Operand<TFloat32> v = e.getValue().build(ctx);
      terms.put(name, v);
      Double w = b.weights.get(name);
      Operand<TFloat32> weighted = w == null ? v : tf.math.mul(tf.constant((float) (double) w), v);
      sum = sum == null ? weighted : tf.math.add(sum, weighted);
    }
    total =
        tf.withName("total").identity(sum); // its own output: a lone unweighted term is fetched too
    // addGradients fails on a variable the sum cannot reach: train the reachable ones only.
    Set<GraphOperation> reach = graph.subgraphTo(Set.of(total));
    List<Var> vars =
        store.trainable().stream()
            .filter(v -> reach.contains((GraphOperation) v.value().op()))
            .toList();
    Output<?>[] grads =
        graph.addGradients(
            total.asOutput(),
            vars.stream().map(v -> v.value().asOutput()).toArray(Output<?>[]::new));
    optimizer = b.optimizer.create(tf, store);
    for (int i = 0; i < vars.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) (Operand<?>) grads[i];
      optimizer.update(vars.get(i), g);
      trained.add(vars.get(i).name());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Names of the variables the weighted sum reaches (and so trains), in creation order. */
  public List<String> trainedVariables() {
    return List.copyOf(trained);
  }

  /** One update; returns each term's unweighted value before it, by name, in the order added. */
  public Map<String, Float> step(Batch batch) {
    float[] values = run(batch);
    Map<String, Float> out = new LinkedHashMap<>();
    int i = 1;
    for (String name : terms.keySet()) out.put(name, values[i++]);
    return out;
  }

  /**
   * {@code steps} updates on the next batches of {@code batches}; returns the weighted sum of each.
   */
  public float[] train(Iterator<Batch> batches, int steps) {
    float[] losses = new float[steps];
    for (int k = 0; k < steps; k++) losses[k] = run(batches.next())[0];
    return losses;
  }

  /** Values of a float endpoint (or model output) on a batch, flattened; no update. */
  public float[] endpoint(String name, Batch batch) {
    List<Tensor> owned = new ArrayList<>();
    try (Result res =
        feed(session.runner(), batch, owned).fetch(endpoints.get(name, TFloat32.class)).run()) {
      TFloat32 t = (TFloat32) res.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  /**
   * Share of the examples of {@code split} whose arg-max of {@code logitsEndpoint} is the int field
   * {@code labelField}; read in batches of 250 until at least {@code limit} examples are seen. The
   * graph is in training mode (dropout, batch statistics), as it is while training.
   */
  public double accuracy(
      Dataset data, Split split, int limit, String logitsEndpoint, String labelField) {
    int correct = 0;
    int seen = 0;
    for (Iterator<Batch> it = data.batches(split, 250, 0); it.hasNext() && seen < limit; ) {
      Batch b = it.next();
      float[] logits = endpoint(logitsEndpoint, b);
      int[] y = ((HostTensor.Ints) b.get(labelField)).values();
      int k = logits.length / y.length;
      for (int i = 0; i < y.length; i++, seen++) {
        int best = 0;
        for (int c = 1; c < k; c++) if (logits[i * k + c] > logits[i * k + best]) best = c;
        if (best == y[i]) correct++;
      }
    }
    return correct / (double) seen;
  }

  /** Runs one update; returns the weighted sum, then each term. */
  private float[] run(Batch batch) {
    List<Tensor> owned = new ArrayList<>();
    try {
      Session.Runner r = feed(session.runner(), batch, owned);
      optimizer.feed(r, steps + 1, owned);
      optimizer.updates().forEach(r::addTarget);
      r.fetch(total);
      terms.values().forEach(r::fetch);
      float[] out = new float[1 + terms.size()];
      try (Result res = r.run()) {
        for (int i = 0; i < out.length; i++) out[i] = ((TFloat32) res.get(i)).getFloat();
      }
      steps++;
      return out;
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  private Session.Runner feed(Session.Runner r, Batch batch, List<Tensor> owned) {
    for (var e : feeds.entrySet()) {
      HostTensor h = batch.get(e.getKey());
      Tensor t =
          h instanceof HostTensor.Floats f
              ? TFloat32.tensorOf(f.shape(), DataBuffers.of(f.values(), true, false))
              : TInt32.tensorOf(
                  h.shape(), DataBuffers.of(((HostTensor.Ints) h).values(), true, false));
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

  /** What to train and how; {@link #build()} builds the graph. */
  public static final class Builder {
    private ModelFn model;
    private Dataset dataset;
    private final Map<String, AuxLoss> losses = new LinkedHashMap<>();
    private final Map<String, Double> weights = new LinkedHashMap<>();
    private Optimizer.Factory optimizer;
    private long seed = 1;

    private Builder() {}

    public Builder model(ModelFn m) {
      model = m;
      return this;
    }

    /** The dataset whose fields ({@link Dataset#specs()}) become the fed inputs. */
    public Builder dataset(Dataset d) {
      dataset = d;
      return this;
    }

    /**
     * A term of weight 1, named as in a config (its name scopes its head variables: {@code
     * heads/<name>/...}).
     */
    public Builder term(String name, AuxLoss loss) {
      if (losses.putIfAbsent(name, Objects.requireNonNull(loss, name)) != null) {
        throw new IllegalArgumentException("duplicate term '" + name + "'");
      }
      return this;
    }

    public Builder term(String name, AuxLoss loss, double weight) {
      term(name, loss);
      weights.put(name, weight);
      return this;
    }

    /** Several terms of weight 1, in the map's order. */
    public Builder terms(Map<String, AuxLoss> named) {
      named.forEach(this::term);
      return this;
    }

    /**
     * Weights of terms added with {@link #term(String, AuxLoss)} or {@link #terms}; a name that is
     * no term fails {@link #build()}.
     */
    public Builder weights(Map<String, Double> byName) {
      weights.putAll(byName);
      return this;
    }

    /** Plain gradient descent, {@code w −= lr·g}. */
    public Builder sgd(double lr) {
      optimizer = (tf, store) -> new Optimizer.Sgd(tf, lr);
      return this;
    }

    /** Adam (Kingma &amp; Ba 2015), β₁ 0.9, β₂ 0.999, ε 1e-7, with slots beside each variable. */
    public Builder adam(double lr) {
      optimizer = (tf, store) -> new Optimizer.Adam(tf, store, lr);
      return this;
    }

    /** Seeds variable initializers and the model's and losses' random ops; default 1. */
    public Builder seed(long s) {
      seed = s;
      return this;
    }

    /** Builds the graph and opens its session; close the trainer when done. */
    public MiniTrainer build() {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(optimizer, "optimizer: call sgd(lr) or adam(lr)");
      if (losses.isEmpty())
        throw new IllegalArgumentException("no term to train: call term(name, loss)");
      for (String name : weights.keySet()) {
        // A weight that silently applies to nothing is the bug this artifact's users test for.
        if (!losses.containsKey(name)) {
          throw new IllegalArgumentException(
              "weight for unknown term '" + name + "'; terms: " + losses.keySet());
        }
      }
      return new MiniTrainer(this);
    }
  }
}
