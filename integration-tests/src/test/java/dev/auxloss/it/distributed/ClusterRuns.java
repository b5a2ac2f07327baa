package dev.auxloss.it.distributed;

import dev.auxloss.cli.cluster.ClusterEnvironment;
import dev.auxloss.tf.distributed.LocalClusterLauncher;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts {@link ClusterWorkerChild} workers with {@link LocalClusterLauncher} inside a fresh
 * network namespace with only loopback up ({@code unshare -n}): TF's servers listen on every
 * interface without authentication, so the tests never open a port outside it. The launcher runs in
 * that namespace as this class's {@link #main}, the workers being told their task as {@code auxloss
 * launch} tells them.
 */
public final class ClusterRuns {
  private ClusterRuns() {}

  /**
   * In the namespace: {@code logs workers [child=<main class>] child-args...} (default child:
   * {@link ClusterWorkerChild}); exits with the first failing worker's code.
   */
  public static void main(String[] args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    boolean named = args.length > 2 && args[2].startsWith(CHILD);
    String main = named ? args[2].substring(CHILD.length()) : ClusterWorkerChild.class.getName();
    List<String> child =
        new ArrayList<>(
            List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), main));
    child.addAll(List.of(args).subList(named ? 3 : 2, args.length));
    System.exit(
        LocalClusterLauncher.builder()
            .workers(Integer.parseInt(args[1]))
            .basePort(2222)
            .logDir(Path.of(args[0]))
            .clusterEnvironment(ClusterEnvironment::variables)
            .command(child)
            .run());
  }

  private static final String CHILD = "child=";

  /** {@link #launch(Path, int, List)} with {@code child}'s main as each worker. */
  static Process launch(Path logs, int workers, Class<?> child, List<String> args)
      throws Exception {
    List<String> all = new ArrayList<>(List.of(CHILD + child.getName()));
    all.addAll(args);
    return launch(logs, workers, all);
  }

  static boolean canIsolate() {
    return LocalClusterLauncher.canIsolate();
  }

  /**
   * The launcher (itself in the namespace) running {@code workers} children with {@code args}
   * ({@code {task}} is the worker index); worker output goes to {@code logs/task-N.log}, the
   * launcher's "task N pid P" lines to {@code logs/launcher.out}.
   */
  static Process launch(Path logs, int workers, List<String> args) throws Exception {
    Files.createDirectories(logs);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                cp,
                ClusterRuns.class.getName(),
                logs.toString(),
                String.valueOf(workers)));
    cmd.addAll(args);
    return new ProcessBuilder(LocalClusterLauncher.isolated(cmd))
        .redirectOutput(logs.resolve("launcher.out").toFile())
        .redirectError(logs.resolve("launcher.err").toFile())
        .start();
  }

  /** Worker pids by task, as the launcher printed them. */
  static Map<Integer, Long> pids(Path logs, int workers, long timeoutMs) throws Exception {
    Map<Integer, Long> out = new LinkedHashMap<>();
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (out.size() < workers && System.currentTimeMillis() < deadline) {
      for (String l : lines(logs.resolve("launcher.out"))) {
        String[] f = l.split(" "); // auxloss-cluster: task N pid P address A
        if (f.length >= 5 && f[0].equals("auxloss-cluster:"))
          out.put(Integer.parseInt(f[2]), Long.parseLong(f[4]));
      }
      Thread.sleep(50);
    }
    return out;
  }

  static List<String> lines(Path p) throws Exception {
    return Files.exists(p) ? Files.readAllLines(p) : List.of();
  }

  /** Everything the workers and the launcher wrote, for assertion messages. */
  static String logs(Path logs) throws Exception {
    StringBuilder b = new StringBuilder();
    File[] files = logs.toFile().listFiles();
    if (files == null) return "";
    for (File f : files) {
      b.append("== ").append(f.getName()).append('\n');
      for (String l : lines(f.toPath()))
        if (!l.startsWith("I0000") && !l.startsWith("WARNING: All")) b.append(l).append('\n');
    }
    return b.toString();
  }

  /** Kills a launcher and whatever it started. */
  static void kill(Process p) {
    if (p == null) return;
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
