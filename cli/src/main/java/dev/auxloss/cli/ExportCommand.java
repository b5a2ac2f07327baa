package dev.auxloss.cli;

import dev.auxloss.api.config.ResolvedExperiment;
import dev.auxloss.tf.train.TfTrainingSession;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code auxloss export --run DIR [--out DIR]}: writes the SavedModel of a run's newest checkpoint —
 * the model rebuilt in inference mode in a fresh graph, so auxiliary heads never reach it.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a run's newest checkpoint as a SavedModel (primary outputs only).")
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--run", required = true, paramLabel = "<dir>", description = "A run directory made by train.")
  Path run;

  @Option(names = "--out", paramLabel = "<dir>", description = "Where to write the SavedModel (default <run>/export).")
  Path out;

  @Override
  public Integer call() {
    ResolvedExperiment r = RunCommands.loadForExport(run); // no losses: their plugins need not be on the classpath
    Path target = out != null ? out : run.resolve("export");
    Path written = TfTrainingSession.exportRun(r.plan(), run, target);
    spec.commandLine().getOut().println("exported SavedModel to " + written);
    return ExitCodes.OK;
  }
}
