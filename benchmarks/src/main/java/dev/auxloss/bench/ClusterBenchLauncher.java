package dev.auxloss.bench;

import dev.auxloss.cli.cluster.ClusterEnvironment;
import dev.auxloss.tf.distributed.LocalClusterLauncher;
import java.nio.file.Path;

/**
 * S8's two-worker arm, run inside a private network namespace ({@link
 * ClusterBenchmarks#twoWorkers}): two {@link ClusterBenchWorker}s pinned one per core, told their
 * task as {@code auxloss launch} tells them. Args: dir (also the log directory). Exits with the
 * first failing worker's code.
 */
public final class ClusterBenchLauncher {
  private ClusterBenchLauncher() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    System.exit(
        LocalClusterLauncher.builder()
            .workers(2)
            .pinCores(true)
            .basePort(2222)
            .logDir(dir)
            .clusterEnvironment(ClusterEnvironment::variables)
            .command(ClusterBenchmarks.worker(dir))
            .run());
  }
}
