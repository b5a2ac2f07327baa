package dev.auxloss.tf.distributed;

import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.tf.graph.GradientReducer;
import dev.auxloss.tf.runtime.TfSessionConfig;
import dev.auxloss.tf.train.ExecutionTarget;
import java.time.Duration;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TargetedSessions;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;

/**
 * One worker of a synchronous data-parallel cluster on TensorFlow's own runtime (between-graph
 * replication): every worker builds the same fused step, reads its own shard (batch i of the shared
 * order goes to worker i mod N), and the step averages every gradient and telemetry scalar over the
 * workers with a collective all-reduce inside the same {@code Session.run}. All workers therefore
 * apply the same update and keep bit-identical parameters; task 0, the chief, writes the files.
 *
 * <p>{@code TfTrainingSession.open(plan, runDir)} picks it when the config names a cluster; a
 * caller that resolved the cluster elsewhere (the CLI: flags and environment) passes the target:
 *
 * <pre>{@code
 * ExecutionTarget target = ClusterTarget.start(new ClusterSpec(List.of("h0:2222", "h1:2222"), 1), runtime);
 * try (TfTrainingSession run = TfTrainingSession.open(plan, runDir, target)) {
 *   run.train(true);
 * } catch (RuntimeException e) {
 *   throw ClusterTarget.explain(e);   // "worker task 0 (h0:2222) was lost: ..." when a peer died
 * }
 * }</pre>
 *
 * Starting the target starts this process's TF server (it cannot be stopped: the worker ends with
 * its process) and a {@link PeerWatchdog} that stops this worker about a second after a peer dies.
 * Every worker must start from the same parameters: they share the seed, and when resuming, every
 * worker must see the chief's run directory (same machine or a shared file system).
 */
public final class ClusterTarget implements ExecutionTarget {
  private final ClusterServer server;

  private ClusterTarget(ClusterServer server) {
    this.server = server;
  }

  /**
   * A worker of {@code spec} when there is one, else {@link ExecutionTarget#LOCAL} (one process).
   */
  public static ExecutionTarget of(Optional<ClusterSpec> spec, RuntimeSettings runtime) {
    return spec.<ExecutionTarget>map(s -> start(s, runtime, ClusterOptions.defaults()))
        .orElse(ExecutionTarget.LOCAL);
  }

  /** Joins {@code spec} as its task with default watchdog options. */
  public static ClusterTarget start(ClusterSpec spec, RuntimeSettings runtime) {
    return start(spec, runtime, ClusterOptions.defaults());
  }

  /** Starts (once per process) the server for {@code spec.task()} and its watchdog. */
  public static ClusterTarget start(
      ClusterSpec spec, RuntimeSettings runtime, ClusterOptions options) {
    return new ClusterTarget(ClusterServer.join(spec, options, TfSessionConfig.of(runtime)));
  }

  @Override
  public Session openSession(Graph graph, ConfigProto config) {
    server
        .watchdog
        .lost()
        .ifPresent(
            l -> {
              throw l.withCause(null);
            });
    ConfigProto c = ClusterServer.sessionConfig(server.spec, server.options, config);
    TargetedSessions.Handle h = TargetedSessions.open(graph, server.target(), c);
    server.watchdog.register(h);
    return h.session();
  }

  /**
   * Also drops the handle's own native reference, so the native session and graph are freed now.
   */
  @Override
  public void closeSession(Session session) {
    session.close();
    server.watchdog.release(session);
  }

  @Override
  public GradientReducer reducer() {
    return new CollectiveReducer(server.spec.size());
  }

  @Override
  public int task() {
    return server.spec.task();
  }

  @Override
  public int workers() {
    return server.spec.size();
  }

  @Override
  public void trainingFinished() {
    server.watchdog.standDown();
  }

  /**
   * Waits (up to {@code max}) until the chief stops listening, i.e. its process has ended: a worker
   * that left earlier would look lost to the chief while it still evaluates and exports. Returns
   * whether the chief ended within {@code max}.
   */
  public boolean awaitChiefExit(Duration max) throws InterruptedException {
    if (task() == 0) return true;
    String chief = server.spec.workers().get(0);
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      if (PeerWatchdog.unreachable(chief, 500) != null) return true;
      Thread.sleep(200);
    }
    return false;
  }

  public ClusterSpec spec() {
    return server.spec;
  }

  /** The peer this worker lost, if any (then every step fails until the process restarts). */
  public Optional<WorkerLostException> lostWorker() {
    return server.watchdog.lost();
  }

  /**
   * {@code e} explained: when this process is a cluster worker that lost a peer, a {@link
   * WorkerLostException} naming the lost task (with {@code e} as its cause), else {@code e} itself.
   * TF's own message for the failed step says the session was closed, or buries the peer's name in
   * a gRPC error; for a TensorFlow error this waits for the watchdog's verdict (about a second).
   */
  public static RuntimeException explain(RuntimeException e) {
    if (e instanceof WorkerLostException) return e;
    ClusterServer s = ClusterServer.current();
    if (s == null) return e;
    Optional<WorkerLostException> lost = s.watchdog.lost();
    if (lost.isEmpty() && e instanceof TensorFlowException) {
      try {
        lost = s.watchdog.awaitLost();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
    return lost.<RuntimeException>map(l -> l.withCause(e)).orElse(e);
  }
}
