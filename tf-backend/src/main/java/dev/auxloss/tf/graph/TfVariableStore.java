package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.layers.VariableStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * Resource variables of one graph: each gets a unique shared name (two handles without one alias
 * each other in TF 1.1.0), an initializer in the graph's init scope, and exactly one read that
 * every consumer uses — gradients are taken with respect to that read.
 */
public final class TfVariableStore implements VariableStore {
  private final Ops root;
  private final long seed;
  private final java.util.function.Predicate<String> frozen;
  private final Map<String, Var> vars = new LinkedHashMap<>();
  private final Map<String, Shape> shapes = new LinkedHashMap<>();
  private final Map<String, StepUpdate> stepUpdates = new LinkedHashMap<>();

  /** Set with {@code sync_batch_norm} in a cluster: batch norm's statistics are all-reduced. */
  private GradientReducer batchStatistics;

  /** A write the training step makes besides the optimizer's: {@code var ← next}. */
  public record StepUpdate(Var var, Operand<TFloat32> next) {}

  public TfVariableStore(Ops root, long seed) {
    this(root, seed, name -> false);
  }

  /**
   * A store whose {@link #trainable} leaves out the variables {@code frozen} names (fine-tuning):
   * they are still created, initialized, saved and exported, but no gradient is taken for them.
   */
  public TfVariableStore(Ops root, long seed, java.util.function.Predicate<String> frozen) {
    this.root = root;
    this.seed = seed;
    this.frozen = frozen;
  }

  @Override
  public synchronized Var variable(
      String name, Shape shape, Initializer init, boolean trainable, boolean trainOnly) {
    Var existing = vars.get(name);
    if (existing != null) {
      if (!shapes.get(name).equals(shape)) {
        throw new IllegalArgumentException(
            "variable '"
                + name
                + "' exists with shape "
                + shapes.get(name)
                + ", requested "
                + shape);
      }
      return existing;
    }
    // One shared scope and flat names: in TF Java 1.1.0 every withSubScope scans the whole graph,
    // so a sub-scope per variable made graph building quadratic.
    Ops v = varsScope();
    Ops init0 = v.withInitScope();
    String flat = opName(name.replace('/', '.'));
    VarHandleOp handle =
        init0.withName(flat).varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(name));
    long varSeed = seed * 1_000_003L + name.hashCode();
    Operand<TFloat32> initial = init.create(init0, shape, varSeed);
    init0.withName(flat + "_assign").assignVariableOp(handle, initial);
    Operand<TFloat32> read = v.withName(flat + "_read").readVariableOp(handle, TFloat32.class);
    Var var = new Var(name, handle, read, trainable, trainOnly);
    vars.put(name, var);
    shapes.put(name, shape);
    return var;
  }

  @Override
  public synchronized void updateWithStep(Var var, Operand<TFloat32> next) {
    if (vars.get(var.name()) != var) {
      throw new IllegalArgumentException("variable '" + var.name() + "' is not from this store");
    }
    stepUpdates.putIfAbsent(var.name(), new StepUpdate(var, next));
  }

  @Override
  public boolean frozen(String name) {
    return frozen.test(name);
  }

  /**
   * From now on, batch norm in training mode normalises with the statistics of the global batch,
   * averaged by {@code reducer} ({@code sync_batch_norm}); a one-worker reducer changes nothing.
   */
  public synchronized void syncBatchStatistics(GradientReducer reducer) {
    batchStatistics = reducer.workers() > 1 ? reducer : null;
  }

  @Override
  public synchronized boolean syncsBatchStatistics() {
    return batchStatistics != null;
  }

  @Override
  public Operand<TFloat32> sumOverWorkers(Ops tf, Operand<TFloat32> x) {
    GradientReducer r;
    synchronized (this) {
      r = batchStatistics;
    }
    return r == null ? x : tf.math.mul(r.mean(tf, x), tf.constant((float) r.workers()));
  }

  /** The registered step updates, in registration order (one per variable). */
  public synchronized List<StepUpdate> stepUpdates() {
    return new ArrayList<>(stepUpdates.values());
  }

  private Ops varsOps;

  private Ops varsScope() {
    if (varsOps == null) varsOps = root.withSubScope("vars");
    return varsOps;
  }

  public synchronized List<Var> all() {
    return new ArrayList<>(vars.values());
  }

  /** The variables to differentiate and update: trainable and not frozen. */
  public synchronized List<Var> trainable() {
    return vars.values().stream().filter(v -> v.trainable() && !frozen.test(v.name())).toList();
  }

  public synchronized Shape shape(String name) {
    return shapes.get(name);
  }

  /** One name-scope component: TF allows [A-Za-z0-9_.-] and names come from users. */
  public static String opName(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return s.isEmpty() || s.charAt(0) == '_' || s.charAt(0) == '-' ? "x" + s : s;
  }

  /** Ops nested in one sub-scope per component of a slash-separated path. */
  public static Ops scoped(Ops tf, String path) {
    Ops out = tf;
    for (String part : path.split("/")) if (!part.isEmpty()) out = out.withSubScope(opName(part));
    return out;
  }
}
