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

/**
 * Starts N worker processes of one cluster on this machine, to try data-parallel training without
 * machines to spare. Each worker runs the same command with {@code AUXLOSS_CLUSTER} set to its task
 * ({@code 127.0.0.1:<port>,...;task=N}); {@code {task}} in the command is replaced by the index.
 *
 * <pre>
 * java -cp CP dev.auxloss.tf.distributed.LocalClusterLauncher --workers 2 --pin \
 *     -- auxloss train --config experiment.pbtxt
 * </pre>
 *
 * By default the whole cluster runs in a fresh network namespace with only loopback up ({@code unshare
 * -n}, needs root or user namespaces), so no port is reachable from outside: TF's servers listen on
 * every interface without authentication (docs/distributed.md). {@code --no-isolate} opts out.
 * Options: {@code --workers N} (default 2); {@code --pin}: pin worker i to core i mod cores ({@code taskset -c});
 * {@code --base-port P}: ports P, P+1, ... (default 2222 when isolated, else free loopback ports);
 * {@code --log-dir D}: each worker's output to {@code D/task-N.log} instead of this process's
 * standard output, prefixed {@code [task N]}. It prints {@code auxloss-cluster: task N pid P address
 * A} per worker, waits, and exits with the first failing worker's code (0 when all succeed).
 *
 * <p>From Java: {@code LocalClusterLauncher.builder().workers(2).command(cmd).start()} returns a
 * {@link LocalCluster}. That starts the workers directly, in the caller's network namespace: to
 * isolate them, run the caller itself in one ({@link #isolated}), as the main method does.
 */
public final class LocalClusterLauncher {
  private int workers = 2;
  private List<String> command = List.of();
  private int basePort;
  private boolean pin;
  private Path logDir;
  private final Map<String, String> environment = new LinkedHashMap<>();

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

  /** The addresses the workers will use. */
  public List<String> addresses() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < workers; i++) out.add("127.0.0.1:" + (basePort > 0 ? basePort + i : freePort()));
    return out;
  }

  public LocalCluster start() throws IOException {
    if (command.isEmpty()) throw new IllegalStateException("no worker command given");
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
        pb.environment().put(ClusterSpec.ENV, new ClusterSpec(addresses, t).toEnv());
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
   * {@code command} run in a fresh network namespace with only loopback up, so nothing it listens on
   * is reachable from outside: {@code unshare -n sh -c 'ip link set lo up && exec "$0" "$@"' cmd...}.
   */
  public static List<String> isolated(List<String> command) {
    List<String> out = new ArrayList<>(List.of("unshare", "-n", "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""));
    out.addAll(command);
    return out;
  }

  /** Whether this process may create a network namespace ({@code unshare -n}: root or user namespaces). */
  public static boolean canIsolate() {
    try {
      Process p = new ProcessBuilder(isolated(List.of("true"))).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  /** The main method without {@code System.exit}: returns the exit code. */
  public static int run(String[] args) throws Exception {
    LocalClusterLauncher b = builder();
    boolean isolate = true;
    boolean portGiven = false;
    List<String> options = new ArrayList<>();
    int i = 0;
    for (; i < args.length && !args[i].equals("--"); i++) {
      String a = args[i];
      if (a.equals("--isolate") || a.equals("--no-isolate")) {
        isolate = a.equals("--isolate");
        continue;
      }
      options.add(a);
      switch (a) {
        case "--pin" -> b.pinCores(true);
        case "--workers", "--base-port", "--log-dir" -> {
          if (i + 1 >= args.length) return usage("missing the value of " + a);
          String v = args[++i];
          options.add(v);
          if (a.equals("--workers")) b.workers(Integer.parseInt(v));
          else if (a.equals("--base-port")) {
            b.basePort(Integer.parseInt(v));
            portGiven = true;
          } else b.logDir(Path.of(v));
        }
        default -> {
          return usage("unknown option '" + a + "'");
        }
      }
    }
    if (i >= args.length - 1) return usage("missing the worker command after '--'");
    List<String> command = List.of(args).subList(i + 1, args.length);
    if (isolate) {
      // This launcher again, inside one fresh namespace that every worker then shares.
      List<String> inner = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), LocalClusterLauncher.class.getName(), "--no-isolate"));
      inner.addAll(options);
      if (!portGiven) inner.addAll(List.of("--base-port", "2222"));
      inner.add("--");
      inner.addAll(command);
      if (!canIsolate()) {
        System.err.println("could not create a network namespace ('unshare -n' needs root or user namespaces)."
            + " --no-isolate runs the workers without one, but TF's servers then listen on every interface of"
            + " this machine, without authentication: only do that on a machine no one else can reach"
            + " (docs/distributed.md, Security)");
        return 2;
      }
      Process p = new ProcessBuilder(isolated(inner)).inheritIO().start();
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
      return p.waitFor();
    }
    LocalCluster cluster = b.command(command).start();
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
    for (LocalCluster.Worker w : cluster.workers()) {
      System.out.println("auxloss-cluster: task " + w.task() + " pid " + w.process().pid() + " address " + w.address());
    }
    System.out.flush();
    return cluster.await(Duration.ofSeconds(30));
  }

  private static int usage(String problem) {
    System.err.println(problem + ". usage: LocalClusterLauncher [--workers N] [--no-isolate] [--pin] [--base-port P]"
        + " [--log-dir D] -- command args...");
    return 2;
  }

  private static void pump(Process p, String prefix, PrintStream out) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) out.println(prefix + line);
      } catch (IOException e) {
        // the worker is gone; nothing more to copy
      }
    }, "auxloss-cluster-output");
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
