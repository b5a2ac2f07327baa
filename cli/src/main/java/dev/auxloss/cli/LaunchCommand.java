package dev.auxloss.cli;

import dev.auxloss.cli.cluster.ClusterEnvironment;
import dev.auxloss.tf.distributed.LocalClusterLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code auxloss launch --workers N [--pin] [--no-isolate] [--base-port P] -- train --config F
 * --out D}: a data-parallel cluster of N local worker processes ({@link LocalClusterLauncher}),
 * each running the given auxloss command with {@code AUXLOSS_CLUSTER} naming its task — to try
 * distributed training on one machine. By default the cluster lives in its own network namespace
 * (loopback only), because TF's servers listen on every interface without authentication
 * (docs/distributed.md): this command then runs itself again with {@code --no-isolate} inside a
 * fresh namespace, where every worker is started.
 */
@Command(
    name = "launch",
    mixinStandardHelpOptions = true,
    description = {
      "Start N local workers of one data-parallel cluster, each running the auxloss command "
          + "after '--' (usually: train --config F --out D). Exits with the first failing worker's code."
    })
final class LaunchCommand implements Callable<Integer> {
  /** The first port inside a private namespace, where every port is free. */
  private static final int ISOLATED_BASE_PORT = 2222;

  @Spec CommandSpec spec;

  @Option(
      names = "--workers",
      defaultValue = "2",
      paramLabel = "<n>",
      description = "Worker processes (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--pin", description = "Pin worker i to core i mod cores (taskset).")
  boolean pin;

  @Option(
      names = "--no-isolate",
      description =
          "Run without a private network namespace: TF's servers are then "
              + "reachable from every interface of this machine, without authentication.")
  boolean noIsolate;

  @Option(
      names = "--log-dir",
      paramLabel = "<dir>",
      description = "Each worker's output to <dir>/task-N.log.")
  Path logDir;

  @Option(
      names = "--base-port",
      paramLabel = "<port>",
      description =
          "Ports <port>, <port>+1, ... (default 2222 in the private namespace, else free loopback ports).")
  Integer basePort;

  @Parameters(
      paramLabel = "<command>",
      arity = "1..*",
      description = "The auxloss command every worker runs.")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    if (workers < 1)
      throw new ParameterException(spec.commandLine(), "--workers must be >= 1, found " + workers);
    if (!command.get(0).equals("train")) {
      throw new ParameterException(
          spec.commandLine(),
          "the worker command must be 'train ...', found '" + command.get(0) + "'");
    }
    if (basePort != null && (basePort < 1 || basePort + workers - 1 > 65535)) {
      throw new ParameterException(
          spec.commandLine(),
          "--base-port must leave room for " + workers + " ports in 1..65535, found " + basePort);
    }
    if (!noIsolate) return inPrivateNamespace();
    return LocalClusterLauncher.builder()
        .workers(workers)
        .pinCores(pin)
        .logDir(logDir)
        .basePort(basePort == null ? 0 : basePort)
        .clusterEnvironment(ClusterEnvironment::variables)
        .command(thisCli(command))
        .run();
  }

  /**
   * This launch again, with {@code --no-isolate}, in a fresh namespace that every worker then
   * shares.
   */
  private int inPrivateNamespace() throws Exception {
    if (!LocalClusterLauncher.canIsolate()) {
      throw new UsageException(
          "could not create a network namespace ('unshare -n' needs root or user namespaces)."
              + " --no-isolate runs the workers without one, but TF's servers then listen on every interface of"
              + " this machine, without authentication: only do that on a machine no one else can reach"
              + " (docs/distributed.md, Security)");
    }
    List<String> launch =
        new ArrayList<>(
            List.of(
                "launch",
                "--no-isolate",
                "--workers",
                String.valueOf(workers),
                "--base-port",
                String.valueOf(basePort == null ? ISOLATED_BASE_PORT : basePort)));
    if (pin) launch.add("--pin");
    if (logDir != null) launch.addAll(List.of("--log-dir", logDir.toString()));
    launch.add("--");
    launch.addAll(command);
    Process p =
        new ProcessBuilder(LocalClusterLauncher.isolated(thisCli(launch))).inheritIO().start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    return p.waitFor();
  }

  /** {@code args} run by this CLI in a new JVM, with this JVM's class path. */
  static List<String> thisCli(List<String> args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AuxlossCli.class.getName()));
    cmd.addAll(args);
    return cmd;
  }
}
