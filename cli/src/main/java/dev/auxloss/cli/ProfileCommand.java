package dev.auxloss.cli;

import dev.auxloss.cli.run.RunDirectory;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.profile.ProfileTable;
import dev.auxloss.tf.profile.TfProfiler;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code auxloss profile --config F}: where each auxiliary term's time goes. Runs a few untraced
 * then traced training steps (TF step stats, FULL_TRACE) and charges every op to the term that
 * caused it — its head's forward, its backward, its weighting, its updates — printing the table and
 * writing it as {@code profile/profile.txt} and {@code .csv} in the run directory.
 */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = "Trace a few training steps and show each loss term's share of the step time.")
final class ProfileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "<file>",
      description = "Experiment config (.pbtxt).")
  Path config;

  @Option(
      names = "--out",
      paramLabel = "<dir>",
      description = "Run directory (default runs/<name>-profile-<time>).")
  Path out;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "Untraced steps first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--samples",
      defaultValue = "10",
      description = "Traced steps (default ${DEFAULT-VALUE}).")
  int samples;

  @Override
  public Integer call() {
    if (samples <= 0)
      throw new ParameterException(spec.commandLine(), "--samples must be > 0, found " + samples);
    if (warmup < 0)
      throw new ParameterException(spec.commandLine(), "--warmup must be >= 0, found " + warmup);
    ResolvedExperiment resolved = Experiments.resolveToTrain(config, null);
    TrainingPlan plan = resolved.plan();
    Path dir =
        out != null
            ? out
            : RunDirectory.fresh(Path.of(""), plan.name() + "-profile", LocalDateTime.now());
    if (out != null) RunDirectory.requireEmptyOrAbsent(out);
    RunDirectory run = RunDirectory.create(dir, true, "profile");
    try {
      run.writeConfig(plan.configText(), plan.configHash());
      ProfileTable table = TfProfiler.profile(plan, dir, warmup, samples);
      spec.commandLine().getOut().print(table.toText());
      spec.commandLine().getOut().println("written to " + dir.resolve("profile"));
      return ExitCodes.OK;
    } catch (RuntimeException | Error e) {
      run.removeIfUseless();
      throw e;
    } finally {
      run.close(); // the lock
    }
  }
}
