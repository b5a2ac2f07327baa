package dev.auxloss.cli;

import dev.auxloss.cli.run.RunLock;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.tf.train.TfTrainingSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code auxloss export --run DIR [--out DIR] [--overwrite]}: writes the SavedModel of a run's
 * newest readable checkpoint — the model rebuilt in inference mode in a fresh graph, so auxiliary
 * heads never reach it. An unreadable checkpoint is reported and the next older one exported, as
 * evaluate and resume do. The destination must be new or empty; a previous auxloss export there is
 * replaced only with {@code --overwrite}, and nothing else is ever replaced.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a run's newest checkpoint as a SavedModel (primary outputs only).")
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--run",
      required = true,
      paramLabel = "<dir>",
      description = "A run directory made by train.")
  Path run;

  @Option(
      names = "--out",
      paramLabel = "<dir>",
      description =
          "Where to write the SavedModel: a new or empty directory (default <run>/export).")
  Path out;

  @Option(
      names = "--overwrite",
      description = "Replace a previous auxloss export at the destination (nothing else).")
  boolean overwrite;

  @Override
  public Integer call() {
    ResolvedExperiment r =
        RunCommands.loadForExport(run); // no losses: their plugins need not be on the classpath
    Path target = out != null ? out : run.resolve("export");
    String label = out != null ? "--out" : "export directory";
    PrintWriter stdout = spec.commandLine().getOut();
    try (RunLock lock = RunLock.acquire(run, "export")) {
      Outputs.requireExportDestination(target, overwrite, label, "--overwrite");
      Outputs.export(
          () ->
              TfTrainingSession.exportRun(
                  r.plan(), run, target, overwrite, "--overwrite", Outputs.fallbackNote(stdout)),
          label,
          stdout);
    }
    return ExitCodes.OK;
  }
}
