package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import dev.auxloss.tf.graph.GradientBuilder;
import dev.auxloss.tf.graph.TfVariableStore;
import dev.auxloss.tf.graph.TfWeightingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A graph, a variable store, terms and a session for testing a strategy on problems with known
 * answers: {@link #combine} builds the strategy's ops exactly as the trainer does, {@link #run}
 * evaluates fetches and runs targets in one {@code Session.run}, closing every tensor.
 */
final class WeightingFixture implements AutoCloseable {
  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final TfVariableStore store = new TfVariableStore(tf, 7);
  final GradientBuilder gradients = new GradientBuilder(graph, tf);
  final List<Term> terms = new ArrayList<>();
  final List<Var> compared = new ArrayList<>();
  private final Map<String, Placeholder<TFloat32>> feeds = new LinkedHashMap<>();
  private final Map<String, Float> feedValues = new LinkedHashMap<>();
  private final List<TfWeightingContext> contexts = new ArrayList<>();
  private Session session;

  /** Whether contexts say the step is compiled by XLA (strategies then use elementary solvers). */
  boolean compiled;

  /** A trainable vector variable with a fixed initial value, compared when {@code shared}. */
  Var variable(String name, boolean shared, float... init) {
    Initializer constant = (t, shape, seed) -> t.constant(init);
    Var v = store.variable(name, Shape.of(init.length), constant, true, false);
    if (shared) compared.add(v);
    return v;
  }

  /** ½·‖x − a‖². */
  Operand<TFloat32> quadratic(Var x, float... a) {
    Operand<TFloat32> d = tf.math.sub(x.value(), tf.constant(a));
    return tf.math.mul(tf.constant(0.5f), tf.reduceSum(tf.math.square(d), tf.constant(0)));
  }

  /** A scalar fed on every run (set with {@link #set}). */
  Operand<TFloat32> feed(String name, float value) {
    Placeholder<TFloat32> p =
        tf.withName(name).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    feeds.put(name, p);
    feedValues.put(name, value);
    return p;
  }

  void set(String name, float value) {
    feedValues.put(name, value);
  }

  Term term(String name, Role role, Operand<TFloat32> value, float weight) {
    Term t = new Term(name, role, value, tf.constant(weight));
    terms.add(t);
    return t;
  }

  /** The context the trainer would hand a strategy (terms and compared variables so far). */
  TfWeightingContext ctx() {
    return ctx(0);
  }

  /** The same at global step {@code step}. */
  TfWeightingContext ctx(long step) {
    return track(
        new TfWeightingContext(
                tf.withSubScope("weighting"), terms, store, compared, gradients, tf.constant(step))
            .compiledByXla(compiled));
  }

  /** Registers a context built elsewhere, so {@link #updates} includes its state writes. */
  TfWeightingContext track(TfWeightingContext ctx) {
    contexts.add(ctx);
    return ctx;
  }

  /** The state writes every strategy combined here asked for, ungated (each step is finite). */
  List<Op> updates() {
    List<Op> out = new ArrayList<>();
    for (TfWeightingContext c : contexts) out.addAll(c.stateUpdates(tf.constant(true)));
    return out;
  }

  WeightingResult combine(WeightingStrategy strategy) {
    return strategy.combine(ctx());
  }

  /**
   * Plain SGD on every trainable variable the result has a gradient for, after everything is read.
   */
  List<Op> sgd(WeightingResult r, float lr, List<Operand<?>> readFirst) {
    List<Op> deps = new ArrayList<>();
    deps.addAll(readFirst);
    deps.addAll(r.gradients().values());
    Ops after = tf.withControlDependencies(deps);
    List<Op> ops = new ArrayList<>();
    for (Var v : store.trainable()) {
      Operand<TFloat32> g = r.gradients().get(v.name());
      if (g != null)
        ops.add(after.assignSubVariableOp(v.handle(), after.math.mul(g, tf.constant(lr))));
    }
    return ops;
  }

  /** Evaluates {@code fetches} and runs {@code targets} in one Session.run. */
  Map<String, float[]> run(Map<String, ? extends Operand<TFloat32>> fetches, List<Op> targets) {
    if (session == null) session = new Session(graph);
    Session.Runner runner = session.runner();
    List<Tensor> fed = new ArrayList<>();
    try {
      feeds.forEach(
          (k, p) -> {
            Tensor t = TFloat32.scalarOf(feedValues.get(k));
            fed.add(t);
            runner.feed(p, t);
          });
      List<String> names = new ArrayList<>(fetches.keySet());
      names.forEach(k -> runner.fetch(fetches.get(k)));
      targets.forEach(runner::addTarget);
      Map<String, float[]> out = new LinkedHashMap<>();
      try (Result r = runner.run()) {
        for (int i = 0; i < names.size(); i++) {
          TFloat32 t = (TFloat32) r.get(i);
          float[] a = new float[(int) t.shape().size()];
          t.copyTo(DataBuffers.of(a, false, false));
          out.put(names.get(i), a);
        }
      }
      return out;
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  Map<String, float[]> run(Map<String, ? extends Operand<TFloat32>> fetches) {
    return run(fetches, List.of());
  }

  float scalar(Operand<TFloat32> op) {
    return run(Map.of("x", op)).get("x")[0];
  }

  @Override
  public void close() {
    if (session != null) session.close();
    graph.close();
  }
}
