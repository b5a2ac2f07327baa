package dev.auxloss.cli;

import dev.auxloss.api.data.Split;
import dev.auxloss.cli.run.RunLock;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.tf.train.ExecutionTarget;
import dev.auxloss.tf.train.TfTrainingSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code auxloss evaluate --run DIR [--split test]}: restores the newest checkpoint of a run and
 * prints the mean of each primary term and the experiment's metrics on a split, one {@code metric
 * value} line each.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate a run's newest checkpoint on a split (primary losses, metrics).")
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--run",
      required = true,
      paramLabel = "<dir>",
      description = "A run directory made by train.")
  Path run;

  @Option(
      names = "--split",
      paramLabel = "<split>",
      defaultValue = "test",
      description = "validation or test (default: ${DEFAULT-VALUE}).")
  Split split;

  @Override
  public Integer call() {
    if (split == Split.TRAIN) {
      // The training split is an endless reshuffled stream: there is no "one pass" to average over.
      throw new ParameterException(
          spec.commandLine(), "--split must be validation or test, found train");
    }
    ResolvedExperiment r = RunCommands.load(run);
    // A run this user cannot write (read-only storage, another user's run) cannot be locked: read
    // it
    // unlocked — checkpoints are renamed into place whole, and restore falls back past a torn one.
    try (RunLock lock =
            java.nio.file.Files.isWritable(run) ? RunLock.acquire(run, "evaluate") : null;
        TfTrainingSession session = TfTrainingSession.open(r.plan(), run, ExecutionTarget.LOCAL)) {
      long step = session.restoreLatest();
      Map<String, Double> metrics = session.evaluate(split);
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "# "
              + r.name()
              + " at step "
              + step
              + ", split "
              + split.name().toLowerCase(Locale.ROOT));
      new TreeMap<>(metrics).forEach((k, v) -> out.println(k + " " + v));
    }
    return ExitCodes.OK;
  }
}
