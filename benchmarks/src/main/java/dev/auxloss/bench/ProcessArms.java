package dev.auxloss.bench;

import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.tf.runtime.TfNativeEnvironment;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Arms that each need their own process ({@link ArmChild}), compared side by side: every child is
 * started and warmed up, then the parent asks them for blocks of steps in turn (the order rotating
 * every round), so all arms see nearly the same machine load. Statistics: the ratio of medians and
 * the median of per-round ratios.
 */
final class ProcessArms implements AutoCloseable {
  /**
   * @param env variables set (value) or removed (null) on top of this process's environment
   */
  record Arm(String label, String kind, String spec, Map<String, String> env) {
    /** An auxloss arm with the environment its settings need (what the launchers export). */
    static Arm auxloss(String label, String spec) {
      RuntimeSettings r = RuntimeSpec.parse(spec);
      return new Arm(label, "auxloss", spec, TfNativeEnvironment.required(r, System.getenv()));
    }

    /** An arm in TF's default environment: nothing auxloss would export. */
    static Arm untuned(String label, String kind, String spec) {
      Map<String, String> env = new HashMap<>();
      env.put(TfNativeEnvironment.ONEDNN, null);
      env.put(TfNativeEnvironment.BFC, null);
      env.put(TfNativeEnvironment.XLA_FLAGS, null);
      env.put(TfNativeEnvironment.ARENAS, null);
      return new Arm(label, kind, spec, env);
    }

    Arm withEnv(String key, String value) {
      Map<String, String> e = new HashMap<>(env);
      e.put(key, value);
      return new Arm(label, kind, spec, e);
    }
  }

  private final List<Arm> arms;
  private final List<Process> processes = new ArrayList<>();
  private final List<BufferedReader> outs = new ArrayList<>();
  private final List<PrintWriter> ins = new ArrayList<>();

  ProcessArms(List<Arm> arms, int warmup) throws IOException {
    this.arms = List.copyOf(arms);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (Arm a : arms) {
      Path log = Files.createTempFile("arm-", ".log");
      ProcessBuilder pb =
          new ProcessBuilder(
                  java,
                  "-Xms1g",
                  "-Xmx1g",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ArmChild.class.getName(),
                  a.kind(),
                  a.spec().isEmpty() ? "default" : a.spec(),
                  Integer.toString(warmup))
              .redirectError(log.toFile());
      pb.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
      a.env()
          .forEach(
              (k, v) -> {
                if (v == null) pb.environment().remove(k);
                else pb.environment().put(k, v);
              });
      Process p = pb.start();
      processes.add(p);
      outs.add(
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
      ins.add(new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8));
    }
    for (int i = 0; i < arms.size(); i++) await(i, "ready");
  }

  /** ms/step (wall and the arm's process CPU) of every block of every arm: [arm][round]. */
  Blocks.Times run(int rounds, int block) throws IOException {
    int[] all = new int[arms.size()];
    for (int i = 0; i < all.length; i++) all[i] = i;
    return run(rounds, block, all);
  }

  /**
   * Blocks of the chosen arms only, [k][round] for {@code which[k]}; the others idle. Two arms in
   * short alternating blocks see nearly the same load: the best pairing this shared machine allows.
   */
  Blocks.Times run(int rounds, int block, int... which) {
    double[][] wall = new double[which.length][rounds];
    double[][] cpu = new double[which.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < which.length; j++) {
        int k = (j + r) % which.length;
        int i = which[k];
        double[] ms =
            LoadGate.quiet(
                "round " + r + " of arm '" + arms.get(i).label() + "'",
                () -> {
                  long c0 = Blocks.cpuNanos();
                  ins.get(i).println("b " + block);
                  String[] f = awaitUnchecked(i, "ms ").split(" ");
                  double wallMs = Double.parseDouble(f[1]);
                  double cpuMs = Double.parseDouble(f[3]);
                  // Ours: this process waiting for the arm, plus the arm's own process.
                  return new LoadGate.Block<>(
                      new double[] {wallMs, cpuMs},
                      Blocks.cpuNanos() - c0 + (long) (cpuMs * 1e6 * block));
                });
        wall[k][r] = ms[0];
        cpu[k][r] = ms[1];
      }
    }
    return new Blocks.Times(wall, cpu);
  }

  Arm arm(int i) {
    return arms.get(i);
  }

  static double ratio(double[][] t, int a, int b) {
    return median(t[a]) / median(t[b]);
  }

  static double pairedRatio(double[][] t, int a, int b) {
    double[] p = new double[t[a].length];
    for (int r = 0; r < p.length; r++) p[r] = t[a][r] / t[b][r];
    return median(p);
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    java.util.Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static String describe(Arm a) {
    List<String> parts = new ArrayList<>();
    if (!a.spec().isEmpty()) parts.add(a.spec());
    a.env().forEach((k, v) -> parts.add(v == null ? "-" + k : k + "=" + v));
    return String.join(" ", parts);
  }

  private String awaitUnchecked(int i, String prefix) {
    try {
      return await(i, prefix);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String await(int i, String prefix) throws IOException {
    for (String line; (line = outs.get(i).readLine()) != null; ) {
      if (line.startsWith(prefix)) return line;
    }
    throw new IOException(
        "arm '"
            + arms.get(i).label()
            + "' ended early (exit "
            + waitFor(processes.get(i))
            + "); its stderr is in "
            + System.getProperty("java.io.tmpdir")
            + File.separator
            + "arm-*.log");
  }

  private static int waitFor(Process p) {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    for (PrintWriter in : ins) in.println("q");
    for (Process p : processes) {
      try {
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
