package dev.auxloss.cli;

import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.cli.cluster.ClusterEnvironment;
import dev.auxloss.cli.run.CurvesChart;
import dev.auxloss.cli.run.MetricsCsv;
import dev.auxloss.cli.run.ProgressListener;
import dev.auxloss.cli.run.RunDirectory;
import dev.auxloss.cli.run.RunLock;
import dev.auxloss.cli.run.RunRecorder;
import dev.auxloss.cli.run.RunReport;
import dev.auxloss.config.BatchBounds;
import dev.auxloss.config.ExperimentDefaults;
import dev.auxloss.config.LoadedExperiment;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.distributed.ClusterSpec;
import dev.auxloss.tf.distributed.ClusterTarget;
import dev.auxloss.tf.summary.TfSummaryListener;
import dev.auxloss.tf.train.ExecutionTarget;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingOutcome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code auxloss train --config F [--out DIR] [--resume] [--steps N]}: the main job.
 *
 * <p>Order matters for the "bad input leaves nothing behind" promise: resolve the config, choose
 * the run directory, build the graph and open the session — and only then create the directory. A
 * run that fails before its first checkpoint removes the directory again.
 *
 * <p>In a cluster (the config's {@code runtime.cluster}, {@code AUXLOSS_CLUSTER} as set by {@code
 * auxloss launch}, or TensorFlow's {@code TF_CONFIG}: {@link ClusterEnvironment}) every worker runs
 * this same command with the same {@code --out}; only the chief (task 0) writes to it. A lost peer
 * ends the run with an error naming it.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train an experiment: checkpoints, TensorBoard events, metrics.csv, curves.png, run.json "
          + "and the SavedModel go to the run directory (default runs/<name>-<yyyyMMdd-HHmmss>)."
    })
final class TrainCommand implements Callable<Integer> {
  /** How long a finished worker waits for the chief's evaluation and export. */
  static final Duration CHIEF_FINISH = Duration.ofMinutes(30);

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
      description = "Run directory (default runs/<name>-<timestamp>).")
  Path out;

  @Option(
      names = "--resume",
      description =
          "Continue the run in --out (or the newest runs/<name>-*) from its newest checkpoint.")
  boolean resume;

  @Option(
      names = Outputs.OVERWRITE_EXPORT,
      description =
          "Replace a previous auxloss export at export.dir (a resumed run replaces its own <run>/export anyway).")
  boolean overwriteExport;

  @Option(names = "--steps", paramLabel = "<n>", description = "Override training.steps.")
  Long steps;

  /** For {@code sweep}: only the best setting of a sweep may see the test split. */
  @Option(
      names = "--skip-test",
      hidden = true,
      description = "Do not evaluate on the test split at the end.")
  boolean skipTest;

  @Option(
      names = "--task",
      paramLabel = "<n>",
      description =
          "This worker's index in the cluster (overrides the task of runtime.cluster, AUXLOSS_CLUSTER or TF_CONFIG).")
  Integer task;

  @Override
  public Integer call() throws Exception {
    if (steps != null && steps <= 0) {
      throw new ParameterException(spec.commandLine(), "--steps must be > 0, found " + steps);
    }
    LoadedExperiment loaded = Experiments.load(config, steps);
    if (resume) {
      // the run goes on with the files it trained with, not with what became of the originals
      Path previous =
          resumeDir(ExperimentDefaults.fill(loaded.experiment(), loaded.defaultName()).getName());
      if (previous != null) loaded = RunCommands.withOwnFiles(loaded, previous);
    }
    ResolvedExperiment resolved = Experiments.resolveToTrain(loaded);
    TrainingPlan plan = resolved.plan();
    Optional<ClusterSpec> cluster = cluster(plan);
    cluster.ifPresent(c -> requireShare(plan, c));
    if (cluster.isPresent() && out == null) {
      throw new UsageException(
          "--out is required in a cluster: every worker must name the same run directory");
    }
    boolean chief = cluster.map(c -> c.task() == 0).orElse(true);
    Path runPath = runPath(plan.name(), chief);
    if (chief) Outputs.check(resolved, runPath, resume, overwriteExport);
    PrintWriter stdout = spec.commandLine().getOut();
    ExecutionTarget target =
        cluster
            .<ExecutionTarget>map(c -> ClusterTarget.start(c, plan.runtime()))
            .orElse(ExecutionTarget.LOCAL);
    try (TfTrainingSession session = TfTrainingSession.open(plan, runPath, target)) {
      StepMemoryCheck.require(resolved, session);
      if (!chief) return trainWorker(session, (ClusterTarget) target, stdout);
      RunDirectory run = RunDirectory.create(runPath, !resume, "train");
      try {
        return train(session, run, resolved, stdout);
      } catch (Exception | Error e) {
        if (run.removeIfUseless())
          stdout.println("removed " + runPath + ": the run failed before its first checkpoint");
        else
          stdout.println(
              "kept " + runPath + " (it holds a checkpoint; --resume continues from it)");
        throw e;
      } finally {
        run.close(); // the lock
      }
    } catch (RuntimeException e) {
      throw ClusterTarget.explain(e);
    }
  }

  /**
   * A cluster from the environment is unseen by the config resolver: each worker's share of the
   * training split must still hold a batch, checked here before the graph is built.
   */
  static void requireShare(TrainingPlan plan, ClusterSpec cluster) {
    BatchBounds.shardError(plan.dataset().size(Split.TRAIN), plan.batchSize(), cluster.size())
        .ifPresent(
            m -> {
              throw new ConfigException(ConfigError.of("data.batch_size", m));
            });
  }

  /** The cluster this process joins, resolved from --task, the config and the environment. */
  private Optional<ClusterSpec> cluster(TrainingPlan plan) {
    try {
      return ClusterEnvironment.resolve(plan.runtime(), System.getenv(), task);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * A non-chief worker: the same steps, no files (the chief writes the run directory); it stays up
   * until the chief has finished, so the chief never sees a peer leave mid-run.
   */
  private int trainWorker(TfTrainingSession session, ClusterTarget target, PrintWriter stdout)
      throws InterruptedException {
    long t0 = System.nanoTime();
    TrainingOutcome outcome = session.train(resume);
    stdout.printf(
        "done: %d steps in %.1f s as a worker; the chief writes %s%n",
        outcome.finalStep(), (System.nanoTime() - t0) / 1e9, session.runDir());
    stdout.flush();
    if (!target.awaitChiefExit(CHIEF_FINISH)) {
      stdout.println(
          "note: the chief is still running after " + CHIEF_FINISH.toMinutes() + " min; leaving");
    }
    return ExitCodes.OK;
  }

  /** The run {@code --resume} continues: {@code --out}, else the newest of this name; or null. */
  private Path resumeDir(String name) {
    return out != null ? out : RunDirectory.newest(Path.of(""), name).orElse(null);
  }

  private Path runPath(String name, boolean chief) {
    Path cwd = Path.of("");
    if (resume) {
      Path p = resumeDir(name);
      if (p == null)
        throw new UsageException(
            "nothing to resume: no runs/" + name + "-* directory here; pass --out <run dir>");
      if (!p.resolve(RunDirectory.CONFIG).toFile().isFile()) {
        throw new UsageException(
            "nothing to resume in " + p + ": it has no " + RunDirectory.CONFIG);
      }
      if (chief) RunLock.requireFree(p); // fail before building the graph; create() takes the lock
      return p;
    }
    if (out != null) {
      // Workers share the chief's directory, which the chief may already have created.
      if (chief) RunDirectory.requireEmptyOrAbsent(out);
      return out;
    }
    return RunDirectory.fresh(cwd, name, LocalDateTime.now());
  }

  private int train(
      TfTrainingSession session, RunDirectory run, ResolvedExperiment resolved, PrintWriter stdout)
      throws Exception {
    TrainingPlan plan = resolved.plan();
    long total = plan.training().steps();
    Path oldHash = run.resolve(RunDirectory.CONFIG_HASH);
    if (resume && Files.isRegularFile(oldHash)) {
      String before = Files.readString(oldHash).split("\\s+")[0];
      if (!before.equals(plan.configHash())) {
        stdout.println(
            "note: the config differs from the one this run started with (sha256 "
                + before.substring(0, Math.min(12, before.length()))
                + "… → "
                + plan.configHash().substring(0, 12)
                + "…); config.pbtxt now holds the new one");
      }
    }
    run.writeConfig(plan.configText(), plan.configHash());
    run.writeAssets(plan.dataset().exportAssets());
    stdout.println("run directory " + run.path());
    RunRecorder recorder = new RunRecorder(total, run.resolve("metrics.csv"));
    RunReport report = new RunReport(run.resolve("run.json"), plan, recorder);
    long t0 = System.nanoTime();
    TrainingOutcome outcome;
    try (ProgressListener progress =
            new ProgressListener(
                stdout, System.console() != null, plan.terms(), plan.badExamples());
        MetricsCsv csv =
            new MetricsCsv(run.resolve("metrics.csv"), plan.training().summaryEvery(), total);
        TfSummaryListener tensorboard =
            new TfSummaryListener(
                run.resolve("tensorboard"), plan.training().summaryEvery(), total)) {
      session.addListener(progress);
      session.addListener(csv);
      session.addListener(tensorboard);
      session.addListener(recorder);
      session.addListener(report);
      outcome = session.train(resume);
      Map<String, Double> test = null;
      if (!skipTest && plan.dataset().size(Split.TEST) > 0) {
        test = session.evaluate(Split.TEST);
        tensorboard.onEvaluation(outcome.finalStep(), Split.TEST, test);
        stdout.println("test: " + ProgressListener.format(test));
      }
      String exported = null;
      Path dir = Outputs.exportDir(resolved, run.path());
      if (dir != null) {
        boolean replace = Outputs.replaceExport(resolved, resume, overwriteExport);
        Path written =
            Outputs.export(
                    () -> session.export(dir, replace, Outputs.OVERWRITE_EXPORT),
                    Outputs.exportLabel(resolved),
                    stdout)
                .dir();
        exported =
            run.path()
                .toAbsolutePath()
                .normalize()
                .relativize(written.toAbsolutePath().normalize())
                .toString();
      }
      CurvesChart.write(run.resolve("curves.png"), plan.name(), recorder.curves());
      report.finish(outcome, test, exported);
    }
    stdout.printf(
        "done: %d steps in %.1f s; run directory %s%n",
        outcome.finalStep(), (System.nanoTime() - t0) / 1e9, run.path());
    return ExitCodes.OK;
  }
}
