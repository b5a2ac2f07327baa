package dev.auxloss.bench;

import dev.auxloss.bench.Bench.Staged;
import dev.auxloss.cli.cluster.ClusterEnvironment;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.distributed.ClusterSpec;
import dev.auxloss.tf.distributed.ClusterTarget;
import dev.auxloss.tf.train.TfTrainingSession;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One process of S8: cnn-ds with its two GAP heads on a pre-staged batch of 64, as a cluster worker
 * when {@code AUXLOSS_CLUSTER} is set ({@link ClusterBenchLauncher} sets it), else alone. It warms
 * up, writes {@code dir/ready-<task>}, then runs one block of steps each time {@code dir/go-<k>}
 * appears and answers with its wall and CPU ms/step in {@code dir/done-<k>-<task>}, until {@code
 * dir/stop} appears (or nothing comes for 10 minutes). Idle arms use no CPU, so {@link
 * ClusterBenchmarks} can alternate the two arms block by block while both stay warm. Args: dir
 * runDir warmupSteps blockSteps.
 */
public final class ClusterBenchWorker {
  private static final long IDLE_NANOS = 10L * 60 * 1_000_000_000;

  private ClusterBenchWorker() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int warmup = Integer.parseInt(args[2]);
    int block = Integer.parseInt(args[3]);
    TrainingPlan plan = SpeedArms.cnnDs(true, RuntimeSettings.defaults());
    Optional<ClusterSpec> cluster =
        ClusterEnvironment.resolve(plan.runtime(), System.getenv(), null);
    int task = cluster.map(ClusterSpec::task).orElse(0);
    // CPU time of the whole process (every TF thread): robust to other load on a shared machine.
    com.sun.management.OperatingSystemMXBean cpu =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    int code = 0;
    try (Staged b = Staged.random();
        TfTrainingSession s =
            TfTrainingSession.open(
                plan, Path.of(args[1]), ClusterTarget.of(cluster, plan.runtime()))) {
      for (int i = 0; i < warmup; i++) s.step(b.auxloss());
      Files.writeString(dir.resolve("ready-" + task), "");
      for (int k = 0; ; k++) {
        Path go = dir.resolve("go-" + k);
        long idleSince = System.nanoTime();
        while (!Files.exists(go)
            && !Files.exists(dir.resolve("stop"))
            && System.nanoTime() - idleSince < IDLE_NANOS) {
          Thread.sleep(2);
        }
        if (!Files.exists(go)) break; // stopped, or the benchmark died without saying so
        long c0 = cpu.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < block; i++) s.step(b.auxloss());
        double ms = (System.nanoTime() - t0) / 1e6 / block;
        double cpuMs = (cpu.getProcessCpuTime() - c0) / 1e6 / block;
        Path tmp = dir.resolve(".done-" + k + "-" + task);
        Files.writeString(tmp, ms + " " + cpuMs);
        Files.move(tmp, dir.resolve("done-" + k + "-" + task)); // appears complete
      }
    } catch (RuntimeException e) {
      System.err.println("S8 worker failed: " + ClusterTarget.explain(e).getMessage());
      code = 3;
    }
    System.exit(code); // a cluster worker's TF server ends with its process
  }
}
