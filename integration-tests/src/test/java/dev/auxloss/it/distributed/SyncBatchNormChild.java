package dev.auxloss.it.distributed;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.cli.cluster.ClusterEnvironment;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.tf.distributed.ClusterSpec;
import dev.auxloss.tf.distributed.ClusterTarget;
import dev.auxloss.tf.gradients.TfGradients;
import dev.auxloss.tf.graph.TfVariableStore;
import dev.auxloss.tf.runtime.TfSessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One worker of {@link SyncBatchNormIT}: its half of a fixed global batch through one synchronised
 * batch-norm layer ({@code Layers.batchNorm} on a store that all-reduces the statistics, as {@code
 * sync_batch_norm} makes it), then the gradient of its loss Σ y·r with respect to its input. One
 * {@code Session.run} fetches y, that gradient and the two moving statistics the step would write;
 * they go to the file named by the only argument as "name v v v ..." lines.
 */
public final class SyncBatchNormChild {
  static final int WORKERS = 2;
  static final long[] SHAPE = {3, 2, 2, 3}; // one worker's [B,H,W,C]
  static final int C = 3;
  static final int PER_WORKER = 36;

  private SyncBatchNormChild() {}

  /**
   * Element {@code i} of the global batch (worker w holds [w·36, (w+1)·36)): the workers' halves
   * have very different statistics, so per-worker batch norm would be far from the global one.
   */
  static double x(int i) {
    int worker = i / PER_WORKER;
    return (Math.sin(0.7 * i + 0.2) + i % C) * (1 + 2 * worker) + 2 * worker;
  }

  /** The loss weight of element {@code i}: loss = Σ y·r. */
  static double r(int i) {
    return Math.cos(0.37 * i);
  }

  public static void main(String[] args) {
    int code = 0;
    try {
      RuntimeSettings runtime = RuntimeSettings.defaults();
      ClusterSpec spec = ClusterEnvironment.resolve(runtime, System.getenv(), null).orElseThrow();
      ClusterTarget target = ClusterTarget.start(spec, runtime);
      Files.writeString(Path.of(args[0]), run(target, spec.task(), runtime));
    } catch (Exception e) {
      e.printStackTrace();
      code = 3;
    }
    System.exit(code); // a TF server cannot be stopped: the worker ends with its process
  }

  private static String run(ClusterTarget target, int task, RuntimeSettings runtime) {
    float[] xs = new float[PER_WORKER];
    float[] rs = new float[PER_WORKER];
    for (int i = 0; i < PER_WORKER; i++) {
      xs[i] = (float) x(task * PER_WORKER + i);
      rs[i] = (float) r(task * PER_WORKER + i);
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      TfVariableStore store = new TfVariableStore(tf, 1);
      store.syncBatchStatistics(target.reducer());
      Operand<TFloat32> x = tf.constant(Shape.of(SHAPE), DataBuffers.of(xs));
      Operand<TFloat32> y = new Layers(tf, store, "m", false, true, 1).batchNorm("bn", x);
      Operand<TFloat32> loss =
          tf.reduceSum(
              tf.math.mul(y, tf.constant(Shape.of(SHAPE), DataBuffers.of(rs))),
              tf.constant(new int[] {0, 1, 2, 3}));
      TfGradients.registerAll();
      Output<?> dx = g.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput()})[0];
      List<TfVariableStore.StepUpdate> updates = store.stepUpdates();
      Session s = target.openSession(g, TfSessionConfig.of(runtime));
      s.initialize();
      StringBuilder out = new StringBuilder();
      List<String> names = List.of("y", "dx", "moving_mean", "moving_variance");
      try (Result res =
          s.runner()
              .fetch(y)
              .fetch(dx)
              .fetch(updates.get(0).next())
              .fetch(updates.get(1).next())
              .run()) {
        for (int k = 0; k < names.size(); k++) {
          out.append(names.get(k));
          ((TFloat32) res.get(k)).scalars().forEach(v -> out.append(' ').append(v.getFloat()));
          out.append('\n');
        }
      }
      target.trainingFinished(); // the peer may exit first: not a lost worker any more
      target.closeSession(s);
      return out.toString();
    }
  }
}
