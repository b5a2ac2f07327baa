package dev.auxloss.cli;

import dev.auxloss.cli.run.RunDirectory;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.train.ExecutionTarget;
import dev.auxloss.tf.train.TfTrainingSession;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code auxloss validate --config F [--resolved]}: every check {@code train} makes before it
 * writes anything — the config against the registered plugins, then the graph build (missing
 * endpoints, shape mismatches, terms with no gradient path) — without training or writing a file.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a config and build its graph without training or writing anything.",
      "Prints every error at once; with --resolved, prints the config with every default filled."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "<file>",
      description = "Experiment config (.pbtxt).")
  Path config;

  @Option(
      names = "--resolved",
      description = "Print the resolved config (defaults filled) on stdout.")
  boolean resolved;

  @Option(
      names = "--no-build",
      negatable = false,
      description = "Check the config only; skip building the graph (faster, fewer checks).")
  boolean noBuild;

  @Option(
      names = Outputs.OVERWRITE_EXPORT,
      description = "As for train: a previous auxloss export at export.dir may be replaced.")
  boolean overwriteExport;

  @Override
  public Integer call() {
    ResolvedExperiment r = Experiments.resolveToTrain(config, null);
    TrainingPlan plan = r.plan();
    // train's default run directory and the export must be writable; checked without writing
    Outputs.check(
        r,
        RunDirectory.fresh(Path.of(""), plan.name(), LocalDateTime.now()),
        false,
        overwriteExport);
    PrintWriter out = spec.commandLine().getOut();
    dev.auxloss.tf.graph.InitFromReport initFrom = null;
    if (!noBuild) {
      // Builds and checks the graph in memory; open() writes nothing and the path is never created.
      Path unused = Path.of(System.getProperty("java.io.tmpdir"), "auxloss-validate-unused");
      try (TfTrainingSession s = TfTrainingSession.open(plan, unused, ExecutionTarget.LOCAL)) {
        StepMemoryCheck.require(r, s); // nothing to run: the build is the check
        initFrom = s.trainingGraph().initFrom();
      }
    }
    if (resolved) {
      out.print(plan.configText());
    } else {
      out.println(
          "ok: "
              + config
              + ": experiment '"
              + plan.name()
              + "', model "
              + plan.modelName()
              + " on "
              + plan.datasetName()
              + ", "
              + plan.training().steps()
              + " steps, terms "
              + plan.terms().stream()
                  .map(ValidateCommand::describe)
                  .collect(Collectors.joining(", ")));
      out.println("config sha256 " + plan.configHash());
      if (initFrom != null) initFrom.lines().forEach(out::println);
    }
    return ExitCodes.OK;
  }

  static String describe(TermPlan t) {
    return t.name() + " (" + t.role().name().toLowerCase() + ", weight " + t.weight() + ")";
  }
}
