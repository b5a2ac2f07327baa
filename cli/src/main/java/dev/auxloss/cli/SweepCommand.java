package dev.auxloss.cli;

import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.NearestName;
import dev.auxloss.cli.run.AtomicFiles;
import dev.auxloss.cli.run.RunDirectory;
import dev.auxloss.cli.run.RunLock;
import dev.auxloss.cli.sweep.Baseline;
import dev.auxloss.cli.sweep.ChildProcesses;
import dev.auxloss.cli.sweep.ClaimedTrials;
import dev.auxloss.cli.sweep.CommandRunner;
import dev.auxloss.cli.sweep.ExplicitSettings;
import dev.auxloss.cli.sweep.InProcess;
import dev.auxloss.cli.sweep.Metric;
import dev.auxloss.cli.sweep.Setting;
import dev.auxloss.cli.sweep.SweepCluster;
import dev.auxloss.cli.sweep.SweepReport;
import dev.auxloss.cli.sweep.SweepResults;
import dev.auxloss.cli.sweep.Trial;
import dev.auxloss.cli.sweep.TrialPool;
import dev.auxloss.cli.sweep.TrialWork;
import dev.auxloss.cli.sweep.Vary;
import dev.auxloss.config.ExperimentLoader;
import dev.auxloss.config.LoadedExperiment;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.proto.Experiment;
import dev.auxloss.tf.distributed.ClusterSpec;
import dev.auxloss.tf.graph.TelemetryKeys;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code auxloss sweep --config F --vary PATH=V1,V2 ... --seeds N}: trains every setting of the
 * grid with seeds 1..N, compares each setting with a baseline on validation (paired over seeds) and
 * evaluates only the best setting on test. Every {@code --vary} value and every setting is checked
 * (the config resolved) before anything is written. docs/sweep.md describes the outputs.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Train a grid of settings × seeds, compare each with a baseline on validation (paired 95 % "
          + "interval), evaluate the best on test; sweep.csv, sweep.json and sweep.png go to the sweep directory "
          + "(default runs/sweep-<name>-<yyyyMMdd-HHmmss>)."
    })
final class SweepCommand implements Callable<Integer> {
  static final String DONE = "done";
  static final String FAILED = "failed";

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "<file>",
      description = "Experiment config (.pbtxt).")
  Path config;

  @Option(
      names = "--vary",
      required = true,
      paramLabel = "<path=v1,v2,...>",
      description =
          "A config field and its values, e.g. loss[aux].weight=0,0.1,0.3 or weighting.strategy=static,pcgrad "
              + "(repeatable: the grid is every combination).")
  List<String> vary;

  @Option(
      names = "--setting",
      paramLabel = "<path=v,...>",
      description =
          "A setting added after the grid, one value for each varied path, e.g. "
              + "loss[aux].weight=1,weighting.strategy=pcgrad (repeatable): for comparisons that are not a "
              + "cartesian product.")
  List<String> explicit = new ArrayList<>();

  @Option(
      names = "--seeds",
      defaultValue = "3",
      paramLabel = "<n>",
      description = "Seeds 1..n per setting (the experiment's seed; default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--baseline",
      paramLabel = "<path=v,...>",
      description = "The setting the others are compared with (default: the first of the grid).")
  String baseline;

  @Option(
      names = "--metric",
      paramLabel = "<name>",
      description =
          "The validation metric to rank by: accuracy, macro_f1 or loss/<primary term> (default macro_f1 for taggers, else accuracy); "
              + "higher is better unless the name contains 'loss'.")
  String metric;

  @Option(
      names = "--parallel",
      defaultValue = "1",
      paramLabel = "<n>",
      description = "Trials at a time, each in its own JVM (default ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--out",
      paramLabel = "<dir>",
      description = "Sweep directory (default runs/sweep-<name>-<timestamp>).")
  Path out;

  @Option(
      names = "--resume",
      description = "Continue the sweep in --out: finished trials are kept, started ones resumed.")
  boolean resume;

  /** Tests and debugging: trials one at a time in this JVM. */
  @Option(names = "--in-process", hidden = true)
  boolean inProcess;

  /** Tests: the AUXLOSS_CLUSTER value this worker would see (in process, no variable is set). */
  @Option(names = "--cluster", hidden = true)
  String clusterValue;

  private Optional<ClusterSpec> cluster = Optional.empty();

  @Override
  public Integer call() throws Exception {
    if (seeds < 1)
      throw new ParameterException(spec.commandLine(), "--seeds must be >= 1, found " + seeds);
    if (parallel < 1)
      throw new ParameterException(
          spec.commandLine(), "--parallel must be >= 1, found " + parallel);
    if (resume && out == null)
      throw new ParameterException(spec.commandLine(), "--resume needs --out <sweep dir>");
    cluster = SweepCluster.of(clusterValue, System.getenv());
    if (cluster.isPresent() && out == null)
      throw new ParameterException(
          spec.commandLine(),
          "a sweep on a cluster needs --out <dir> on a file system every worker shares");
    LoadedExperiment loaded = ExperimentLoader.load(config);
    Experiment base = loaded.experiment();
    List<Vary> varies = new ArrayList<>();
    try {
      for (String v : vary) varies.add(Vary.parse(v));
      for (Vary v : varies) v.check(base);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    List<String> paths = varies.stream().map(v -> v.path().toString()).toList();
    if (paths.stream().distinct().count() < paths.size())
      throw new UsageException("--vary: a path is varied twice");
    if (paths.contains("seed"))
      throw new UsageException("--vary 'seed=...': the seed is set by --seeds (1..n per setting)");
    List<Setting> settings;
    Setting baseSetting;
    try {
      settings = ExplicitSettings.append(Setting.grid(varies), explicit, varies, base);
      baseSetting = Baseline.select(baseline, settings);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String name = base.getName().isEmpty() ? loaded.defaultName() : base.getName();
    Map<String, Experiment> configs = new LinkedHashMap<>();
    ResolvedExperiment first = null;
    for (Setting s : settings) {
      Experiment e = base;
      for (Vary v : varies) e = v.apply(e, s.values().get(v.path().toString()));
      ResolvedExperiment r = resolve(loaded.withExperiment(e), s);
      if (first == null) first = r;
      configs.put(s.id(), e);
    }
    if (cluster.isPresent()) SweepCluster.requireTrialsAlone(first.plan().runtime());
    List<String> primaryLosses = primaryLosses(first);
    Optional<Metric> chosen = Optional.ofNullable(metric).map(m -> checkedMetric(m, primaryLosses));
    List<Long> seedList = LongStream.rangeClosed(1, seeds).boxed().toList();
    Path dir = sweepDir(name);
    List<Trial> trials = new ArrayList<>();
    Map<Trial, String> texts = new LinkedHashMap<>();
    for (Setting s : settings) {
      for (long seed : seedList) {
        Trial t = new Trial(s, seed, dir.resolve(s.trial(seed)));
        trials.add(t);
        texts.put(t, ResolvedExperiment.text(trialConfig(configs.get(s.id()), name, seed)));
      }
    }
    if (resume || cluster.isPresent()) requireSameTrials(texts, resume);
    PrintWriter stdout = spec.commandLine().getOut();
    try (AutoCloseable lock =
        cluster.isPresent() ? SweepCluster.open(dir) : RunDirectory.create(dir, !resume, "sweep")) {
      stdout.println(
          "sweep directory "
              + dir
              + ": "
              + settings.size()
              + " settings × "
              + seeds
              + " seeds"
              + cluster.map(c -> ", worker " + c.task() + " of " + c.size()).orElse(""));
      for (Map.Entry<Trial, String> t : texts.entrySet()) {
        Files.createDirectories(t.getKey().dir());
        if (!Files.isRegularFile(t.getKey().config())) {
          AtomicFiles.writeString(t.getKey().config(), t.getValue()); // workers may race here
        }
      }
      stdout.flush();
      CommandRunner runner =
          inProcess ? new InProcess() : new ChildProcesses(LaunchCommand::thisCli);
      TrialWork work = new TrialWork(runner);
      int threads = inProcess ? 1 : parallel;
      Map<String, Boolean> finished =
          cluster.isPresent()
              ? new ClaimedTrials(work, threads, cluster.get(), stdout).run(trials, resume)
              : new TrialPool(work, threads, stdout, System.console() != null).run(trials);
      if (cluster.isPresent() && !cluster.get().isChief()) {
        stdout.println("no trial left to claim; the chief (worker 0) writes the reports");
        return ExitCodes.OK;
      }
      return report(dir, settings, seedList, baseSetting, chosen, trials, finished, work, stdout);
    }
  }

  private int report(
      Path dir,
      List<Setting> settings,
      List<Long> seedList,
      Setting baseSetting,
      Optional<Metric> chosen,
      List<Trial> trials,
      Map<String, Boolean> finished,
      TrialWork work,
      PrintWriter stdout)
      throws Exception {
    Map<String, String> status = new LinkedHashMap<>();
    Map<String, Map<String, Double>> recorded = new LinkedHashMap<>();
    for (Trial t : trials) {
      boolean ok = finished.getOrDefault(t.id(), false);
      status.put(t.id(), ok ? DONE : FAILED);
      if (ok) recorded.put(t.id(), TrialWork.metrics(t.validation()).orElseThrow());
    }
    long failed = status.values().stream().filter(FAILED::equals).count();
    if (recorded.isEmpty()) {
      return failed(
          "every trial failed; " + trials.get(0).log() + " and the other trial.log files say why");
    }
    Metric m = chosen.orElseGet(() -> Metric.defaultFor(recorded.values().iterator().next()));
    if (m == null) return failed("evaluate recorded no metric to rank by; name one with --metric");
    Map<String, Double> validation = new LinkedHashMap<>();
    recorded.forEach(
        (id, metrics) -> {
          if (metrics.containsKey(m.name())) validation.put(id, metrics.get(m.name()));
        });
    if (validation.isEmpty()) {
      throw new UsageException(
          NearestName.unknown("--metric", m.name(), recorded.values().iterator().next().keySet())
              + " (the metrics evaluate recorded)");
    }
    SweepResults results = new SweepResults(settings, seedList, baseSetting, m, validation);
    Setting best = results.best();
    // Test is read for the best setting only, once per seed: the choice was made on validation.
    Map<String, Double> test = new LinkedHashMap<>();
    for (Trial t : trials) {
      if (!t.setting().equals(best) || !validation.containsKey(t.id())) continue;
      if (work.evaluate(t, "test", t.test())) {
        Double v = TrialWork.metrics(t.test()).orElseThrow().get(m.name());
        if (v != null) test.put(t.id(), v);
      }
    }
    SweepReport.write(dir, results, status, test);
    stdout.println(
        "best by validation "
            + m.name()
            + ": "
            + best.id()
            + " ("
            + best.label()
            + ")"
            + (test.isEmpty()
                ? ""
                : ", test "
                    + m.name()
                    + " "
                    + String.format(
                        java.util.Locale.ROOT,
                        "%.4f",
                        test.values().stream()
                            .mapToDouble(Double::doubleValue)
                            .average()
                            .orElse(Double.NaN))));
    stdout.println("wrote " + dir.resolve("sweep.csv") + ", sweep.json, sweep.png");
    if (failed > 0) {
      return failed(
          failed
              + " of "
              + trials.size()
              + " trials failed (each one's trial.log says why); "
              + "'auxloss sweep ... --resume --out "
              + dir
              + "' runs them again");
    }
    return ExitCodes.OK;
  }

  /** A trial's failure is neither bad input nor a bug of the sweep: one error line, exit 1. */
  private int failed(String message) {
    spec.commandLine().getErr().println(AuxlossCli.PREFIX + message);
    return ExitCodes.INTERNAL;
  }

  /** Resolves one setting's config; its errors name the setting (exit 2). */
  private static ResolvedExperiment resolve(LoadedExperiment loaded, Setting s) {
    try {
      return Experiments.resolveToTrain(loaded);
    } catch (ConfigException e) {
      String where = "setting " + s.id() + " (" + s.label() + ")";
      // A varied field's value came from --vary, not from the line of the file the error would
      // point at.
      throw new ConfigException(
          e.errors().stream()
              .map(
                  err ->
                      new ConfigError(
                          err.location().isEmpty() || s.values().containsKey(err.field())
                              ? where
                              : where + ", " + err.location(),
                          err.field(),
                          err.message()))
              .toList());
    }
  }

  /**
   * The trial's config: its setting, its seed, no export (a sweep compares; export the winner
   * afterwards).
   */
  private static Experiment trialConfig(Experiment setting, String name, long seed) {
    return setting.toBuilder()
        .setName(name)
        .setSeed(seed)
        .setExport(setting.getExport().toBuilder().setSkip(true).clearDir())
        .build();
  }

  private static List<String> primaryLosses(ResolvedExperiment r) {
    return r.plan().terms().stream()
        .filter(t -> t.role() == Role.PRIMARY)
        .map(TermPlan::name)
        .map(TelemetryKeys::evalLoss)
        .toList();
  }

  private static Metric checkedMetric(String name, List<String> primaryLosses) {
    List<String> known = new ArrayList<>(List.of(Metric.ACCURACY, Metric.MACRO_F1));
    known.addAll(primaryLosses);
    if (!known.contains(name))
      throw new UsageException(NearestName.unknown("--metric", name, known));
    return Metric.named(name);
  }

  private Path sweepDir(String name) {
    if (resume) {
      if (!Files.isDirectory(out))
        throw new UsageException("nothing to resume: " + out + " is not a directory");
      RunLock.requireFree(out);
      return out;
    }
    if (out != null && cluster.isPresent()) {
      // the other workers' trials may be there already: requireSameTrials checks them
      RunDirectory.requireCreatable(out, "--out");
      return out;
    }
    if (out != null) {
      RunDirectory.requireEmptyOrAbsent(out);
      return out;
    }
    return RunDirectory.fresh(Path.of(""), "sweep-" + name, LocalDateTime.now());
  }

  /**
   * On --resume (and on a cluster, where other workers write them too), the trials already there
   * must be the ones this command line makes.
   */
  private static void requireSameTrials(Map<Trial, String> texts, boolean resume)
      throws java.io.IOException {
    int found = 0;
    for (Map.Entry<Trial, String> t : texts.entrySet()) {
      Path config = t.getKey().config();
      if (!Files.isRegularFile(config)) continue;
      found++;
      if (!Files.readString(config, StandardCharsets.UTF_8).equals(t.getValue())) {
        throw new UsageException(
            "--resume: "
                + config
                + " differs from the trial this command line makes; "
                + "resume with the sweep's own --config, --vary and --seeds");
      }
    }
    if (found == 0 && resume) {
      throw new UsageException(
          "nothing to resume in "
              + texts.keySet().iterator().next().dir().getParent()
              + ": it holds none of this sweep's trials");
    }
  }
}
