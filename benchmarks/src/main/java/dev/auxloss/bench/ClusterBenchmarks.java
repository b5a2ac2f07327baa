package dev.auxloss.bench;

import dev.auxloss.cli.cluster.ClusterEnvironment;
import dev.auxloss.tf.distributed.LocalClusterLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S8 of BENCHMARKS.md: global examples/s of two collective workers, each pinned to its own core
 * ({@code taskset -c 0} and {@code -c 1}), over one worker alone on core 0, for cnn-ds with its two
 * GAP heads, batch 64 per worker, pre-staged tensors. Goal ≥ 1.7.
 *
 * <p>Both arms are started once and stay warm ({@link ClusterBenchWorker}); the benchmark then runs
 * them alternately, one block each (A B A B …, {@code -Dbench.s8.rounds}, default 7), because the
 * machine is shared: the reported ratio is the median of the per-round ratios. Beside it, {@code
 * cpu_bound_ratio} = 2 × (CPU ms/step alone) / (CPU ms/step of a worker): what the ratio would be
 * if each worker had its core to itself and never waited, which other load on the machine cannot
 * distort (CPU time of the whole process, every TF and gRPC thread included). The two workers run
 * in a private network namespace ({@code unshare -n}): their servers listen on every interface
 * without authentication.
 */
final class ClusterBenchmarks {
  static final List<String> IDS = List.of("S8");
  static final int ROUNDS = Integer.getInteger("bench.s8.rounds", 7);
  static final int WARMUP = 15;
  static final int BLOCK = 20;
  static final long TIMEOUT_MS = TimeUnit.MINUTES.toMillis(15);

  private ClusterBenchmarks() {}

  static void run(String id, Path tmp) {
    if (!id.equals("S8")) throw new IllegalArgumentException(id);
    try {
      s8(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void s8(Path tmp) throws IOException, InterruptedException {
    if (!works(List.of("taskset", "-c", "1", "true")) || !LocalClusterLauncher.canIsolate()) {
      System.out.println(
          "S8 skipped: needs two cores, taskset and 'unshare -n' (root or user namespaces)");
      return;
    }
    Path one = Files.createDirectories(tmp.resolve("s8-one"));
    Path two = Files.createDirectories(tmp.resolve("s8-two"));
    Process a = null;
    Process b = null;
    try {
      a = oneWorker(one);
      b = twoWorkers(two);
      await(one, "ready-0", a);
      await(two, "ready-0", b);
      await(two, "ready-1", b);
      List<Double> exOne = new ArrayList<>();
      List<Double> exTwo = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      List<Double> cpuRatios = new ArrayList<>();
      int[] blocks = {
        0, 0
      }; // per arm; a re-run block takes the next number: workers wait for go-<n> in turn
      for (int k = 0; k < ROUNDS; k++) {
        Process arm1 = a;
        Process arm2 = b;
        double[] msOne =
            LoadGate.quiet("round " + k + " of one worker", () -> gated(one, blocks[0]++, 1, arm1));
        double[] msTwo =
            LoadGate.quiet(
                "round " + k + " of two workers", () -> gated(two, blocks[1]++, 2, arm2));
        exOne.add(Bench.BATCH * 1000 / msOne[0]);
        exTwo.add(2 * Bench.BATCH * 1000 / msTwo[0]);
        ratios.add(exTwo.get(k) / exOne.get(k));
        cpuRatios.add(2 * msOne[1] / msTwo[1]);
        System.err.printf(
            "S8 round %d: one worker %.1f ex/s (%.1f ms/step, cpu %.1f), two workers %.1f ex/s"
                + " (%.1f ms/step, cpu %.1f per worker), ratio %.3f, cpu-bound ratio %.3f%n",
            k + 1,
            exOne.get(k),
            msOne[0],
            msOne[1],
            exTwo.get(k),
            msTwo[0],
            msTwo[1],
            ratios.get(k),
            cpuRatios.get(k));
      }
      System.out.printf(
          "S8 ratio=%.3f two_workers_ex_s=%.1f one_worker_ex_s=%.1f goal>=1.70 cpu_bound_ratio=%.3f"
              + " rounds=%d block=%d batch=%d/worker load=%.1f%n",
          Bench.median(ratios),
          Bench.median(exTwo),
          Bench.median(exOne),
          Bench.median(cpuRatios),
          ROUNDS,
          BLOCK,
          Bench.BATCH,
          Bench.load());
    } finally {
      Files.writeString(one.resolve("stop"), "");
      Files.writeString(two.resolve("stop"), "");
      for (Process p : new Process[] {a, b}) {
        if (p != null && !p.waitFor(60, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      }
    }
  }

  /** One plain (non-cluster) process on core 0. */
  static Process oneWorker(Path dir) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("taskset", "-c", "0"));
    cmd.addAll(worker(dir));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log.txt").toFile());
    pb.environment().remove(ClusterEnvironment.AUXLOSS_CLUSTER);
    pb.environment().remove(ClusterEnvironment.TF_CONFIG);
    return pb.start();
  }

  /** Two workers, one core each, in a private network namespace. */
  static Process twoWorkers(Path dir) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java(),
                "-cp",
                System.getProperty("java.class.path"),
                ClusterBenchLauncher.class.getName(),
                dir.toString()));
    cmd.addAll(worker(dir));
    ProcessBuilder pb =
        new ProcessBuilder(LocalClusterLauncher.isolated(cmd))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("launcher.txt").toFile());
    pb.environment().remove(ClusterEnvironment.AUXLOSS_CLUSTER);
    pb.environment().remove(ClusterEnvironment.TF_CONFIG);
    return pb.start();
  }

  static List<String> worker(Path dir) {
    return List.of(
        java(),
        "-Xmx1g",
        "-cp",
        System.getProperty("java.class.path"),
        ClusterBenchWorker.class.getName(),
        dir.toString(),
        dir.resolve("run").toString(),
        String.valueOf(WARMUP),
        String.valueOf(BLOCK));
  }

  /**
   * A block, with our own CPU time: this process's, plus every worker's (at most the slowest
   * one's).
   */
  private static LoadGate.Block<double[]> gated(Path dir, int k, int workers, Process p) {
    long c0 = Blocks.cpuNanos();
    try {
      double[] ms = block(dir, k, workers, p);
      return new LoadGate.Block<>(
          ms, Blocks.cpuNanos() - c0 + (long) (workers * ms[1] * 1e6 * BLOCK));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("S8 interrupted", e);
    }
  }

  /**
   * Runs block k on an arm: {wall ms/step of the slowest worker (the step is synchronous), the
   * largest CPU ms/step of a worker process}.
   */
  private static double[] block(Path dir, int k, int workers, Process p)
      throws IOException, InterruptedException {
    Files.writeString(dir.resolve("go-" + k), "");
    double[] ms = {0, 0};
    for (int t = 0; t < workers; t++) {
      await(dir, "done-" + k + "-" + t, p);
      String[] f = Files.readString(dir.resolve("done-" + k + "-" + t)).strip().split(" ");
      ms[0] = Math.max(ms[0], Double.parseDouble(f[0]));
      ms[1] = Math.max(ms[1], Double.parseDouble(f[1]));
    }
    return ms;
  }

  private static void await(Path dir, String file, Process p) throws InterruptedException {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    while (!Files.exists(dir.resolve(file))) {
      if (!p.isAlive() || System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "S8: no " + file + " from an arm (exited: " + !p.isAlive() + "); logs in " + dir);
      }
      Thread.sleep(5);
    }
  }

  private static boolean works(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
