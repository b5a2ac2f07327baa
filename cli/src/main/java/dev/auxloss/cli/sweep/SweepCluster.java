package dev.auxloss.cli.sweep;

import dev.auxloss.cli.UsageException;
import dev.auxloss.cli.cluster.ClusterEnvironment;
import dev.auxloss.cli.run.RunLock;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.tf.distributed.ClusterSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster a sweep's workers share, read as {@code auxloss train} reads it ({@value
 * ClusterEnvironment#AUXLOSS_CLUSTER}, else {@value ClusterEnvironment#TF_CONFIG}), and what that
 * changes: trials are claimed one by one ({@link ClaimedTrials}) instead of the sweep directory
 * being locked by one process, and a trial never sees the cluster (it trains alone; with the
 * variables it would try to join a collective of the sweep's workers).
 */
public final class SweepCluster {
  /** The variables a trial's process must not inherit. */
  public static final List<String> VARIABLES =
      List.of(ClusterEnvironment.AUXLOSS_CLUSTER, ClusterEnvironment.TF_CONFIG);

  private SweepCluster() {}

  /**
   * The sweep's cluster from {@code env}, or from {@code override} (an {@value
   * ClusterEnvironment#AUXLOSS_CLUSTER} value: tests, whose in-process CLI cannot set variables);
   * empty: one machine. A config's {@code runtime.cluster} is the trials' (see {@link
   * #requireTrialsAlone}).
   */
  public static Optional<ClusterSpec> of(String override, Map<String, String> env) {
    Map<String, String> vars =
        override == null ? env : Map.of(ClusterEnvironment.AUXLOSS_CLUSTER, override);
    try {
      return ClusterEnvironment.resolve(RuntimeSettings.defaults(), vars, null);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * On a cluster every trial trains alone: one whose config names its own cluster would wait for
   * the sweep's other workers to join it (exit 2 naming the field).
   */
  public static void requireTrialsAlone(RuntimeSettings trial) {
    if (!trial.clusterWorkers().isEmpty()) {
      throw new UsageException(
          "runtime.cluster: a sweep on a cluster runs one trial per worker, each training alone;"
              + " remove runtime.cluster from the config (found "
              + trial.clusterWorkers().size()
              + " worker(s))");
    }
  }

  /**
   * Makes the sweep directory a worker shares with the others. No sweep-wide lock (each trial is
   * locked by whoever runs it), but one held by a single-machine sweep is respected.
   */
  public static AutoCloseable open(Path dir) throws IOException {
    RunLock.requireFree(dir);
    Files.createDirectories(dir);
    return () -> {};
  }
}
