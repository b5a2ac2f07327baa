package dev.auxloss.cli;

import dev.auxloss.tf.distributed.LocalClusterLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code auxloss launch --workers N [--pin] [--no-isolate] [--base-port P] -- train --config F --out D}: a data-parallel
 * cluster of N local worker processes, each running the given auxloss command with {@code
 * AUXLOSS_CLUSTER} naming its task — to try distributed training on one machine. By default the
 * cluster lives in its own network namespace (loopback only), because TF's servers listen on every
 * interface without authentication (docs/distributed.md).
 */
@Command(name = "launch", mixinStandardHelpOptions = true,
    description = {"Start N local workers of one data-parallel cluster, each running the auxloss command "
        + "after '--' (usually: train --config F --out D). Exits with the first failing worker's code."})
final class LaunchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--workers", defaultValue = "2", paramLabel = "<n>", description = "Worker processes (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--pin", description = "Pin worker i to core i mod cores (taskset).")
  boolean pin;

  @Option(names = "--no-isolate", description = "Run without a private network namespace: TF's servers are then "
      + "reachable from every interface of this machine, without authentication.")
  boolean noIsolate;

  @Option(names = "--log-dir", paramLabel = "<dir>", description = "Each worker's output to <dir>/task-N.log.")
  Path logDir;

  @Option(names = "--base-port", paramLabel = "<port>",
      description = "Ports <port>, <port>+1, ... (default 2222 in the private namespace, else free loopback ports).")
  Integer basePort;

  @Parameters(paramLabel = "<command>", arity = "1..*", description = "The auxloss command every worker runs.")
  List<String> command;

  @Override
  public Integer call() throws Exception {
    if (workers < 1) throw new ParameterException(spec.commandLine(), "--workers must be >= 1, found " + workers);
    if (!command.get(0).equals("train")) {
      throw new ParameterException(spec.commandLine(), "the worker command must be 'train ...', found '"
          + command.get(0) + "'");
    }
    List<String> args = new ArrayList<>(List.of("--workers", String.valueOf(workers)));
    if (pin) args.add("--pin");
    if (noIsolate) args.add("--no-isolate");
    if (logDir != null) args.addAll(List.of("--log-dir", logDir.toString()));
    if (basePort != null) {
      if (basePort < 1 || basePort + workers - 1 > 65535) {
        throw new ParameterException(spec.commandLine(), "--base-port must leave room for " + workers
            + " ports in 1..65535, found " + basePort);
      }
      args.addAll(List.of("--base-port", String.valueOf(basePort)));
    }
    args.add("--");
    args.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), AuxlossCli.class.getName()));
    args.addAll(command);
    return LocalClusterLauncher.run(args.toArray(String[]::new));
  }
}
