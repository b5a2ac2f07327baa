package dev.auxloss.testing;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.tf.gradients.TfGradients;
import dev.auxloss.tf.graph.Endpoints;
import dev.auxloss.tf.graph.ForwardPass;
import dev.auxloss.tf.graph.TfLossContext;
import dev.auxloss.tf.graph.TfVariableStore;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Evaluates a loss term on fed values, outside any training run: its value, its analytic gradient
 * with respect to a fed endpoint, and central finite differences of the same graph.
 *
 * <pre>{@code
 * try (LossHarness h = new LossHarness()) {
 *   h.endpoint("logits", new float[] {1, 2, 0, 0}, 2, 2).label("label", new int[] {1, 0}, 2);
 *   float v = h.value(loss);
 *   h.assertGradientMatches(loss, "logits", 1e-2);
 * }
 * }</pre>
 *
 * Endpoints, labels and inputs are placeholders. With {@link #model(ModelFn)} the model runs on the
 * fed inputs and its endpoints join the fed ones. Random ops draw anew each run, so check gradients
 * of deterministic configurations. The loss is built as the trainer builds it (the backend's own
 * {@code TfLossContext}, term name {@code term}), so head variables are named {@code
 * heads/term/...}: read them with {@link #variable(String)} to recompute a head by hand. For
 * several tensors of one run (one dropout draw) see {@link OneRun}; for gradients with respect to a
 * head's variable see {@link VariableGradients}.
 */
public final class LossHarness implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final TfVariableStore store = new TfVariableStore(tf, 7);
  private final Endpoints endpoints = new Endpoints("endpoint");
  private final Endpoints fields = new Endpoints("field");
  private final Map<String, Fed> feeds = new LinkedHashMap<>();
  private final Map<AuxLoss, Operand<TFloat32>> built = new IdentityHashMap<>();
  private Session session;
  private ModelFn model;
  private boolean modelBuilt;
  private Operand<TFloat32> mask;
  private final Operand<TInt64> step;
  private long stepValue;
  private boolean training = true;
  private long seed = 7;

  private record Fed(Placeholder<?> placeholder, Object values, Shape shape) {}

  public LossHarness() {
    TfGradients.registerAll();
    step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
  }

  public Ops tf() {
    return tf;
  }

  public Graph graph() {
    return graph;
  }

  public LossHarness endpoint(String name, float[] values, long... shape) {
    endpoints.put(name, feed("endpoint_" + name, TFloat32.class, values, shape));
    return this;
  }

  public LossHarness endpointInts(String name, int[] values, long... shape) {
    endpoints.put(name, feed("endpoint_" + name, TInt32.class, values, shape));
    return this;
  }

  public LossHarness label(String name, int[] values, long... shape) {
    fields.put(name, feed("field_" + name, TInt32.class, values, shape));
    return this;
  }

  public LossHarness labelFloats(String name, float[] values, long... shape) {
    fields.put(name, feed("field_" + name, TFloat32.class, values, shape));
    return this;
  }

  public LossHarness input(String name, float[] values, long... shape) {
    return labelFloats(name, values, shape);
  }

  public LossHarness inputInts(String name, int[] values, long... shape) {
    return label(name, values, shape);
  }

  public LossHarness mask(float[] values) {
    mask = feed("label_mask", TFloat32.class, values, values.length);
    return this;
  }

  /** Runs {@code fn} on the fed inputs; its endpoints become readable by the loss. */
  public LossHarness model(ModelFn fn) {
    this.model = fn;
    return this;
  }

  public LossHarness step(long s) {
    stepValue = s;
    return this;
  }

  public LossHarness training(boolean t) {
    training = t;
    return this;
  }

  public LossHarness seed(long s) {
    seed = s;
    return this;
  }

  /**
   * A model that publishes fed float inputs as endpoints, given as pairs (endpoint name, input
   * name): an endpoint whose name holds '/' ({@code moe/0/router_logits}) cannot be fed directly,
   * since the fed name becomes an op name. {@code h.input("r",
   * ...).model(LossHarness.publish("moe/0/router_logits", "r"))}.
   */
  public static ModelFn publish(String... endpointThenInput) {
    return ctx -> {
      for (int i = 0; i < endpointThenInput.length; i += 2) {
        ctx.publish(
            endpointThenInput[i],
            ctx.tf().identity(ctx.input(endpointThenInput[i + 1], TFloat32.class)));
      }
    };
  }

  /** Builds (once per loss instance) and evaluates the term. */
  public float value(AuxLoss loss) {
    return scalar(build(loss));
  }

  /** The loss's graph output (built once per loss instance). */
  public Operand<TFloat32> build(AuxLoss loss) {
    return built.computeIfAbsent(
        loss,
        l -> {
          buildModel();
          Operand<TFloat32> m =
              mask != null ? mask : tf.withName("ones_mask").onesLike(firstBatchVector());
          TfLossContext ctx =
              new TfLossContext(
                  tf.withSubScope("loss"),
                  "term",
                  endpoints,
                  fields,
                  m,
                  step,
                  training,
                  store,
                  model,
                  seed);
          Operand<TFloat32> out = l.build(ctx);
          if (out.shape().numDimensions() != 0) {
            throw new AssertionError("a loss must return a scalar, found shape " + out.shape());
          }
          return out;
        });
  }

  /** Evaluates any float operand of this graph with the current feeds. */
  public float[] fetch(Operand<TFloat32> op) {
    try (Result r = runner().fetch(op).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    } finally {
      pending.forEach(Tensor::close);
      pending.clear();
    }
  }

  /**
   * The current value of the variable named {@code name}, or ending in {@code /name} (e.g. {@code
   * aux/fc/kernel}).
   */
  public float[] variable(String name) {
    return store.all().stream()
        .filter(v -> v.name().equals(name) || v.name().endsWith("/" + name))
        .findFirst()
        .map(v -> fetch(v.value()))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no variable '"
                        + name
                        + "'; variables: "
                        + store.all().stream().map(dev.auxloss.api.layers.Var::name).toList()));
  }

  /** An endpoint published by the model (after {@link #model}) or fed, evaluated. */
  public float[] endpointValue(String name) {
    buildModel();
    return fetch(endpoints.get(name, TFloat32.class));
  }

  /** Analytic gradient of the term with respect to a fed float endpoint or field. */
  public float[] gradient(AuxLoss loss, String fedName) {
    Operand<TFloat32> y = build(loss);
    Fed f = fed(fedName);
    Output<?>[] g = graph.addGradients(y.asOutput(), new Output<?>[] {f.placeholder().output()});
    @SuppressWarnings("unchecked")
    Operand<TFloat32> grad = (Operand<TFloat32>) (Operand<?>) g[0];
    return fetch(grad);
  }

  /** Central finite differences of the term with respect to a fed float endpoint or field. */
  public float[] numericGradient(AuxLoss loss, String fedName, double eps) {
    Operand<TFloat32> y = build(loss);
    Fed f = fed(fedName);
    float[] base = ((float[]) f.values()).clone();
    float[] out = new float[base.length];
    try {
      for (int i = 0; i < base.length; i++) {
        float[] plus = base.clone();
        plus[i] += (float) eps;
        float[] minus = base.clone();
        minus[i] -= (float) eps;
        replace(fedName, plus);
        double fp = scalar(y);
        replace(fedName, minus);
        double fm = scalar(y);
        out[i] = (float) ((fp - fm) / (2 * eps));
      }
    } finally {
      replace(fedName, base);
    }
    return out;
  }

  /**
   * Asserts analytic ≈ numeric gradient within {@code tol} (absolute + relative to the largest
   * entry).
   */
  public void assertGradientMatches(AuxLoss loss, String fedName, double tol) {
    float[] analytic = gradient(loss, fedName);
    float[] numeric = numericGradient(loss, fedName, 1e-2);
    double scale = 1;
    for (float v : numeric) scale = Math.max(scale, Math.abs(v));
    double worst = 0;
    int at = -1;
    for (int i = 0; i < analytic.length; i++) {
      double d = Math.abs(analytic[i] - numeric[i]);
      if (d > worst) {
        worst = d;
        at = i;
      }
    }
    if (worst > tol * scale) {
      throw new AssertionError(
          String.format(
              "gradient wrt %s differs at %d: analytic %s vs numeric %s (tolerance %s × %s)",
              fedName, at, analytic[at], numeric[at], tol, scale));
    }
    boolean anyNonZero = false;
    for (float v : analytic) anyNonZero |= v != 0;
    if (!anyNonZero)
      throw new AssertionError("gradient wrt " + fedName + " is all zeros: nothing checked");
  }

  @Override
  public void close() {
    if (session != null) session.close();
    graph.close();
  }

  // --- internals

  private void buildModel() {
    if (model != null && !modelBuilt) {
      modelBuilt = true;
      ForwardPass pass =
          ForwardPass.run(model, tf.withSubScope("model"), store, fields, training, seed);
      pass.endpoints()
          .asMap()
          .forEach(
              (k, v) -> {
                if (!endpoints.has(k)) endpoints.put(k, v);
              });
    }
  }

  private Operand<TFloat32> firstBatchVector() {
    Operand<?> any =
        !fields.names().isEmpty()
            ? fields.asMap().values().iterator().next()
            : endpoints.asMap().values().iterator().next();
    Operand<TInt32> n = tf.shape.size(tf.shape(any), tf.constant(0));
    return tf.fill(tf.reshape(n, tf.constant(new int[] {1})), tf.constant(1f));
  }

  private <T extends TType> Placeholder<T> feed(
      String name, Class<T> type, Object values, long... shape) {
    Placeholder<T> p =
        tf.withName(TfVariableStore.opName(name))
            .placeholder(type, Placeholder.shape(Shape.of(shape)));
    feeds.put(name.replaceFirst("^(endpoint|field)_", ""), new Fed(p, values, Shape.of(shape)));
    return p;
  }

  private Fed fed(String name) {
    Fed f = feeds.get(name);
    if (f == null)
      throw new IllegalArgumentException("nothing fed as '" + name + "', fed: " + feeds.keySet());
    if (!(f.values() instanceof float[]))
      throw new IllegalArgumentException("'" + name + "' is not float");
    return f;
  }

  private void replace(String name, float[] values) {
    Fed f = feeds.get(name);
    feeds.put(name, new Fed(f.placeholder(), values, f.shape()));
  }

  private float scalar(Operand<TFloat32> op) {
    return fetch(op)[0];
  }

  private Session.Runner runner() {
    if (session == null) session = new Session(graph);
    Session.Runner r = session.runner();
    List<Tensor> owned = new ArrayList<>();
    for (Fed f : feeds.values()) {
      Tensor t =
          f.values() instanceof float[] fl
              ? TFloat32.tensorOf(f.shape(), DataBuffers.of(fl, true, false))
              : TInt32.tensorOf(f.shape(), DataBuffers.of((int[]) f.values(), true, false));
      owned.add(t);
      r.feed(f.placeholder(), t);
    }
    Tensor s = TInt64.scalarOf(stepValue);
    owned.add(s);
    r.feed(step, s);
    pending.addAll(owned);
    return r;
  }

  // Feed tensors stay alive until the run that uses them returns, then fetch() closes them.
  private final List<Tensor> pending = new ArrayList<>();
}
