package dev.auxloss.tf.graph;

import dev.auxloss.tf.gradients.TfGradients;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One backward pass in the graph through {@code Graph.addGradients}, restricted to the inputs the
 * scalar depends on ({@code addGradients} throws for an unreachable one); the others get zeros.
 */
public final class GradientBuilder {
  private final Graph graph;
  private final Ops tf;
  private final GradientReducer reducer;
  private int calls;

  public GradientBuilder(Graph graph, Ops tf) {
    this(graph, tf, GradientReducer.LOCAL);
  }

  public GradientBuilder(Graph graph, Ops tf, GradientReducer reducer) {
    this.graph = graph;
    this.tf = tf;
    this.reducer = reducer;
    TfGradients.registerAll();
  }

  /** The ops {@code y} depends on. */
  public Set<GraphOperation> dependencies(Operand<?> y) {
    return graph.subgraphTo(Set.of(y));
  }

  /** d y / d x for each x (zeros where y does not depend on x). */
  @SuppressWarnings("unchecked")
  public List<Operand<TFloat32>> gradients(Operand<TFloat32> y, List<Operand<TFloat32>> xs) {
    return gradients(y, xs, null);
  }

  /** d (Σ dy·y) / d x — {@code dy} seeds the backward pass (null: ones). */
  public List<Operand<TFloat32>> gradients(
      Operand<TFloat32> y, List<Operand<TFloat32>> xs, Operand<TFloat32> dy) {
    return gradients(y, xs, dy, true);
  }

  /**
   * d y / d x on this worker's batch only: not averaged over data-parallel workers (for gradients
   * with respect to activations, whose rows are this worker's examples).
   */
  public List<Operand<TFloat32>> localGradients(Operand<TFloat32> y, List<Operand<TFloat32>> xs) {
    return gradients(y, xs, null, false);
  }

  /**
   * Inner products of per-example gradients over the global batch, from this worker's {@code local}
   * ones: the global loss is the workers' mean, so its gradient at an activation is each worker's
   * rows scaled by 1/N, and its inner products are Σ_workers local / N² = mean(local) / N.
   */
  public Operand<TFloat32> globalBatchInner(Operand<TFloat32> local) {
    int n = reducer.workers();
    return n == 1 ? local : tf.math.div(reducer.mean(tf, local), tf.constant((float) n));
  }

  /** {@code x} averaged over the data-parallel workers (identity in one process). */
  public Operand<TFloat32> mean(Operand<TFloat32> x) {
    return reducer.mean(tf, x);
  }

  /** Several tensors averaged over the workers, with as few collectives as the reducer can pack. */
  public List<Operand<TFloat32>> meanAll(List<Operand<TFloat32>> xs) {
    return reducer.meanAll(tf, xs);
  }

  @SuppressWarnings("unchecked")
  private synchronized List<Operand<TFloat32>> gradients(
      Operand<TFloat32> y, List<Operand<TFloat32>> xs, Operand<TFloat32> dy, boolean reduce) {
    Set<GraphOperation> deps = dependencies(y);
    List<Integer> reachable = new ArrayList<>();
    for (int i = 0; i < xs.size(); i++) {
      if (deps.contains((GraphOperation) xs.get(i).op())) reachable.add(i);
    }
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Operand<TFloat32> x : xs) out.add(null);
    if (!reachable.isEmpty()) {
      Output<?>[] x = reachable.stream().map(i -> xs.get(i).asOutput()).toArray(Output<?>[]::new);
      Output<?>[] dys = dy == null ? null : new Output<?>[] {dy.asOutput()};
      Output<?>[] g =
          graph.addGradients("gradients_" + (calls++), new Output<?>[] {y.asOutput()}, x, dys);
      List<Operand<TFloat32>> raw = new ArrayList<>();
      for (Output<?> gk : g) raw.add((Operand<TFloat32>) (Operand<?>) gk);
      // One pass's gradients are reduced together: one collective per backward pass.
      List<Operand<TFloat32>> reduced = reduce ? reducer.meanAll(tf, raw) : raw;
      for (int k = 0; k < reachable.size(); k++) out.set(reachable.get(k), reduced.get(k));
    }
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) == null) out.set(i, tf.zerosLike(xs.get(i)));
    }
    return out;
  }

  /** Which of {@code xs} {@code y} depends on. */
  public Set<Integer> reachable(Operand<?> y, List<? extends Operand<?>> xs) {
    Set<GraphOperation> deps = dependencies(y);
    Set<Integer> r = new HashSet<>();
    for (int i = 0; i < xs.size(); i++)
      if (deps.contains((GraphOperation) xs.get(i).op())) r.add(i);
    return r;
  }
}
