package dev.auxloss.cli.sweep;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each command in its own JVM ({@code java -cp <this class path> AuxlossCli ...}, the environment
 * inherited but for the cluster variables: a trial trains alone), so trials share no TensorFlow
 * state and run side by side. A sweep that is stopped (Ctrl-C, kill) stops its trials too; their
 * checkpoints let {@code --resume} continue them.
 */
public final class ChildProcesses implements CommandRunner {
  private final Function<List<String>, List<String>> commandLine;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();

  /** {@code commandLine} turns auxloss arguments into the full command of a new JVM. */
  public ChildProcesses(Function<List<String>, List<String>> commandLine) {
    this.commandLine = commandLine;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Process::destroy)));
  }

  @Override
  public int run(List<String> args, Path stdout, Path stderr)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(commandLine.apply(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeAll(SweepCluster.VARIABLES);
    Process p =
        pb.redirectOutput(Redirect.appendTo(stdout.toFile()))
            .redirectError(Redirect.appendTo(stderr.toFile()))
            .redirectInput(Redirect.from(new java.io.File("/dev/null")))
            .start();
    running.add(p);
    try {
      return p.waitFor();
    } finally {
      if (p.isAlive()) p.destroy();
      running.remove(p);
    }
  }
}
