package dev.auxloss.bench;

import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.runtime.TfNativeEnvironment;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./bench SOAK}: resident memory over a long cnn-ds run through the real trainer (input
 * thread, one Session.run per step, a checkpoint every 1000 steps). Runs in a child JVM with a
 * fixed, pre-touched heap and the default runtime's environment, so RSS growth is native memory.
 * Goal: RSS at the end ≤ 1.05 × RSS after warm-up. {@code -Dsoak.steps} (10000), {@code
 * -Dsoak.warmup} (500), {@code -Dsoak.runtime} (a {@link RuntimeSpec}; default: the default
 * runtime).
 */
public final class Soak {
  private Soak() {}

  /** Starts the child JVM and waits for it; its lines go to this process's output. */
  static void run() throws IOException, InterruptedException {
    long steps = Long.getLong("soak.steps", 10_000);
    long warmup = Long.getLong("soak.warmup", 500);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xms1g",
                "-Xmx1g",
                "-XX:+AlwaysPreTouch",
                "-cp",
                System.getProperty("java.class.path"),
                Soak.class.getName(),
                Long.toString(steps),
                Long.toString(warmup))
            .inheritIO();
    String spec = System.getProperty("soak.runtime", "");
    pb.command().add(spec.isEmpty() ? "default" : spec);
    pb.environment().putAll(TfNativeEnvironment.required(RuntimeSpec.parse(spec), System.getenv()));
    pb.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
    int code = pb.start().waitFor();
    if (code != 0) throw new IllegalStateException("the soak JVM failed with exit code " + code);
  }

  public static void main(String[] args) throws IOException {
    long steps = Long.parseLong(args[0]);
    long warmup = Long.parseLong(args[1]);
    long every = Math.max(1, Math.min(1000, steps / 10));
    TrainingPlan base = SpeedArms.cnnDs(true, RuntimeSpec.parse(args.length > 2 ? args[2] : ""));
    TrainingPlan plan =
        base.toBuilder()
            .training(
                TrainingSettings.builder()
                    .steps(steps)
                    .checkpointEvery(1000)
                    .summaryEvery(10)
                    .keepCheckpoints(2)
                    .zeroGradientAlarmSteps(50)
                    .build())
            .build();
    Path dir = Files.createTempDirectory("auxloss-soak");
    double[] rss = new double[2];
    long t0 = System.nanoTime();
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              if (m.step() == warmup) rss[0] = rssMb();
              if (m.step() % every == 0 || m.step() == warmup) {
                System.out.printf(
                    Locale.ROOT,
                    "SOAK step=%d rss_mb=%.1f elapsed_s=%.0f%n",
                    m.step(),
                    rssMb(),
                    (System.nanoTime() - t0) / 1e9);
              }
            }
          });
      run.train(false);
      rss[1] = rssMb();
    } finally {
      delete(dir);
    }
    System.out.printf(
        Locale.ROOT,
        "SOAK rss_after_warmup_mb=%.1f rss_end_mb=%.1f growth=%.2f%% goal<=5%% steps=%d warmup=%d%n",
        rss[0],
        rss[1],
        100 * (rss[1] / rss[0] - 1),
        steps,
        warmup);
  }

  /** Resident set size of this process, from /proc/self/status. */
  static double rssMb() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/status", e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
