package dev.auxloss.tf.distributed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts N worker processes of one cluster on this machine, to try data-parallel training without
 * machines to spare. Each worker runs the same command, told its task by the environment that
 * {@link #clusterEnvironment} makes of its {@link ClusterSpec} (the CLI sets {@code
 * AUXLOSS_CLUSTER}); {@code {task}} in the command is replaced by the index.
 *
 * <pre>{@code
 * int code = LocalClusterLauncher.builder().workers(2).pinCores(true)
 *     .clusterEnvironment(spec -> Map.of("AUXLOSS_CLUSTER", ...))
 *     .command(List.of("java", "-cp", cp, "dev.auxloss.cli.AuxlossCli", "train", "--config", "e.pbtxt", "--out", "run"))
 *     .run();   // prints "auxloss-cluster: task N pid P address A" per worker, waits, first failing code
 * }</pre>
 *
 * The workers run in the caller's network namespace. TF's servers listen on every interface without
 * authentication (docs/distributed.md), so run the caller in a fresh namespace with only loopback
 * up: {@link #isolated} wraps its command ({@code unshare -n}, needs root or user namespaces), as
 * {@code auxloss launch} does by default. {@link #start} returns the {@link LocalCluster} instead
 * of waiting.
 */
public final class LocalClusterLauncher {
  private int workers = 2;
  private List<String> command = List.of();
  private int basePort;
  private boolean pin;
  private Path logDir;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Function<ClusterSpec, Map<String, String>> clusterEnvironment;

  private LocalClusterLauncher() {}

  public static LocalClusterLauncher builder() {
    return new LocalClusterLauncher();
  }

  public LocalClusterLauncher workers(int n) {
    if (n < 1) throw new IllegalArgumentException("workers must be >= 1, found " + n);
    this.workers = n;
    return this;
  }

  /** The command every worker runs; {@code {task}} in an argument becomes the worker's index. */
  public LocalClusterLauncher command(List<String> cmd) {
    if (cmd.isEmpty()) throw new IllegalArgumentException("the worker command must not be empty");
    this.command = List.copyOf(cmd);
    return this;
  }

  /** Ports {@code p, p+1, ...}; 0 (default) picks free loopback ports. */
  public LocalClusterLauncher basePort(int p) {
    this.basePort = p;
    return this;
  }

  /** Pins worker i to core i mod cores with {@code taskset} (one core per worker). */
  public LocalClusterLauncher pinCores(boolean pin) {
    this.pin = pin;
    return this;
  }

  /** Writes worker i's output to {@code dir/task-i.log}; null (default) prefixes it onto stdout. */
  public LocalClusterLauncher logDir(Path dir) {
    this.logDir = dir;
    return this;
  }

  /** An extra environment variable for every worker. */
  public LocalClusterLauncher environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /**
   * The variables that tell a worker its cluster and task (required: the launcher knows no format).
   */
  public LocalClusterLauncher clusterEnvironment(
      Function<ClusterSpec, Map<String, String>> perWorker) {
    this.clusterEnvironment = perWorker;
    return this;
  }

  /** The addresses the workers will use. */
  public List<String> addresses() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < workers; i++)
      out.add("127.0.0.1:" + (basePort > 0 ? basePort + i : freePort()));
    return out;
  }

  public LocalCluster start() throws IOException {
    if (command.isEmpty()) throw new IllegalStateException("no worker command given");
    if (clusterEnvironment == null) throw new IllegalStateException("no cluster environment given");
    List<String> addresses = addresses();
    List<LocalCluster.Worker> started = new ArrayList<>();
    int cores = Runtime.getRuntime().availableProcessors();
    try {
      for (int t = 0; t < workers; t++) {
        List<String> cmd = new ArrayList<>();
        if (pin) cmd.addAll(List.of("taskset", "-c", String.valueOf(t % cores)));
        for (String a : command) cmd.add(a.replace("{task}", String.valueOf(t)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
        pb.environment().putAll(environment);
        pb.environment().putAll(clusterEnvironment.apply(new ClusterSpec(addresses, t)));
        if (logDir != null) {
          Files.createDirectories(logDir);
          pb.redirectOutput(logDir.resolve("task-" + t + ".log").toFile());
        }
        Process p = pb.start();
        if (logDir == null) pump(p, "[task " + t + "] ", System.out);
        started.add(new LocalCluster.Worker(t, addresses.get(t), p));
      }
    } catch (IOException | RuntimeException e) {
      new LocalCluster(started).close();
      throw e;
    }
    return new LocalCluster(started);
  }

  /**
   * {@code command} run in a fresh network namespace with only loopback up, so nothing it listens
   * on is reachable from outside: {@code unshare -n sh -c 'ip link set lo up && exec "$0" "$@"'
   * cmd...}.
   */
  public static List<String> isolated(List<String> command) {
    List<String> out =
        new ArrayList<>(
            List.of("unshare", "-n", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""));
    out.addAll(command);
    return out;
  }

  /**
   * Whether this process may create a network namespace ({@code unshare -n}: root or user
   * namespaces).
   */
  public static boolean canIsolate() {
    try {
      Process p =
          new ProcessBuilder(isolated(List.of("true")))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Starts the workers, prints {@code auxloss-cluster: task N pid P address A} for each, waits for
   * all of them and returns 0, or the first failing worker's exit code (the others then get 30 s to
   * stop by themselves). The workers are killed if this process is stopped.
   */
  public int run() throws IOException, InterruptedException {
    LocalCluster cluster = start();
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
    for (LocalCluster.Worker w : cluster.workers()) {
      System.out.println(
          "auxloss-cluster: task "
              + w.task()
              + " pid "
              + w.process().pid()
              + " address "
              + w.address());
    }
    System.out.flush();
    return cluster.await(Duration.ofSeconds(30));
  }

  private static void pump(Process p, String prefix, PrintStream out) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) out.println(prefix + line);
              } catch (IOException e) {
                // the worker is gone; nothing more to copy
              }
            },
            "auxloss-cluster-output");
    t.setDaemon(true);
    t.start();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }
}
