package dev.auxloss.tf.train;

import dev.auxloss.config.BatchBounds;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.tf.export.TfExporter;
import dev.auxloss.tf.graph.TelemetryKeys;
import dev.auxloss.tf.graph.TfGraphBuilder;
import dev.auxloss.tf.graph.TfSaver;
import dev.auxloss.tf.graph.TrainingGraph;
import dev.auxloss.tf.profile.TfProfiler;
import dev.auxloss.tf.runtime.TfSessionConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run: owns the graph, the session and the input thread. Build-time problems (missing
 * endpoints, unreachable terms, shape mismatches...) are thrown together as a {@code ConfigException}
 * from {@link #open}; nothing is written before that succeeds.
 *
 * <pre>{@code
 * try (TfTrainingSession run = TfTrainingSession.open(plan, runDir)) {
 *   run.addListener(listener);
 *   run.train(false);
 *   Map<String, Double> test = run.evaluate(Split.TEST);
 *   run.export(runDir.resolve("export"));
 * }
 * }</pre>
 *
 * Every step is exactly one {@code Session.run}: the train op plus every telemetry scalar. The
 * session may be read from other threads (TF sessions are thread-safe) while training runs.
 */
public final class TfTrainingSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TfTrainingSession.class);
  private final TrainingPlan plan;
  private final Path runDir;
  private final Graph graph;
  private final TrainingGraph tg;
  private final Session session;
  private final CheckpointManager checkpoints;
  private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
  private final List<String> telemetryKeys;
  private final Map<String, Long> zeroGradientRuns = new HashMap<>();
  /** Each term's raw-value and gradient-norm telemetry keys, read after every step: built once. */
  private final Map<String, String> rawKeys = new LinkedHashMap<>();
  private final Map<String, String> gradNormKeys = new LinkedHashMap<>();

  private final ExecutionTarget target;
  private final TfProfiler profiler;

  private TfTrainingSession(TrainingPlan plan, Path runDir, Graph graph, TrainingGraph tg, Session session,
      ExecutionTarget target) {
    this.plan = plan;
    this.target = target;
    this.runDir = runDir;
    this.graph = graph;
    this.tg = tg;
    this.session = session;
    this.checkpoints = new CheckpointManager(runDir, plan.training().keepCheckpoints());
    this.telemetryKeys = new ArrayList<>(tg.telemetry().keySet());
    for (String term : tg.termValues().keySet()) {
      rawKeys.put(term, TelemetryKeys.raw(term));
      gradNormKeys.put(term, TelemetryKeys.gradNorm(term));
    }
    // Step stats every training.profile_every steps (off by default: a traced step is slower).
    this.profiler = plan.training().profileEvery() > 0 ? TfProfiler.forGraph(tg, plan.terms()) : null;
  }

  /**
   * Builds and validates the training graph and opens a session; writes nothing yet. Runs as a
   * worker of a data-parallel cluster when the config names one, else in this process alone; a
   * cluster resolved elsewhere (the CLI reads flags and the environment) is passed as the target:
   * see {@link dev.auxloss.tf.distributed.ClusterTarget}.
   */
  public static TfTrainingSession open(TrainingPlan plan, Path runDir) {
    return open(plan, runDir, dev.auxloss.tf.distributed.ClusterTarget.of(
        dev.auxloss.tf.distributed.ClusterSpec.of(plan.runtime()), plan.runtime()));
  }

  /** Like {@link #open(TrainingPlan, Path)} on a given target (a worker of a cluster). */
  public static TfTrainingSession open(TrainingPlan plan, Path runDir, ExecutionTarget target) {
    // The target's cluster may come from outside the config (the CLI's environment), unseen by the resolver.
    BatchBounds.shardError(plan.dataset().size(Split.TRAIN), plan.batchSize(), target.workers()).ifPresent(m -> {
      throw new ConfigException(ConfigError.of("data.batch_size", m));
    });
    Graph graph = new Graph();
    Session session = null;
    try {
      TrainingGraph tg = TfGraphBuilder.build(plan, graph, target.reducer());
      session = target.openSession(graph, TfSessionConfig.of(plan.runtime()));
      return new TfTrainingSession(plan, runDir, graph, tg, session, target);
    } catch (RuntimeException | Error e) {
      // The session first: Graph.close() waits for every session on the graph to let go.
      if (session != null) target.closeSession(session);
      graph.close();
      throw e;
    }
  }

  public void addListener(TrainingListener listener) {
    listeners.add(listener);
  }

  public TrainingGraph trainingGraph() {
    return tg;
  }

  public Session session() {
    return session;
  }

  /** The current global step, read from the graph. */
  public long globalStep() {
    try (Result r = session.runner().fetch(tg.step()).run()) {
      return ((TInt64) r.get(0)).getLong();
    }
  }

  /**
   * Trains to {@code plan.training().steps()}; with {@code resume}, continues from the newest valid
   * checkpoint in the run directory (same data order: the batches already seen are skipped).
   */
  public TrainingOutcome train(boolean resume) {
    long start = resume ? restoreLatestOrZero() : 0;
    if (!resume) session.initialize();
    long total = plan.training().steps();
    listeners.forEach(l -> l.onStart(start, total));
    Path last = null;
    long skipped = 0;
    long dataSeed = plan.seed();
    Iterator<Batch> data = LabelRange.checked(
        Shards.of(plan.dataset().batches(Split.TRAIN, plan.batchSize(), dataSeed), target.task(), target.workers()),
        plan.dataset(), plan.datasetName(), "training");
    try (BatchFeeder feeder = new BatchFeeder(data, plan.runtime().prefetchBatches(), start)) {
      for (long step = start; step < total; step++) {
        Map<String, Tensor> batch = feeder.next();
        if (batch == null) throw new IllegalStateException("the training data ended at step " + step);
        StepMetrics m;
        try {
          m = runStep(batch, step + 1);
        } finally {
          batch.values().forEach(Tensor::close);
        }
        if (checkFinite(m)) checkZeroGradients(m);
        else skipped++;
        for (TrainingListener l : listeners) l.onStep(m);
        long done = step + 1;
        if (target.isChief() && (done % plan.training().checkpointEvery() == 0 || done == total)) {
          last = checkpoint(done);
        }
        if (plan.training().evalEvery() > 0 && done % plan.training().evalEvery() == 0 && done < total
            && plan.dataset().size(Split.VALIDATION) > 0) {
          Map<String, Double> eval = evaluate(Split.VALIDATION);
          for (TrainingListener l : listeners) l.onEvaluation(done, Split.VALIDATION, eval);
        }
      }
    }
    target.trainingFinished();
    if (profiler != null && target.isChief()) profiler.table().write(runDir.resolve("profile"));
    TrainingOutcome outcome = new TrainingOutcome(total, skipped, last);
    listeners.forEach(l -> l.onFinish(outcome));
    return outcome;
  }

  /**
   * One training step on tensors the caller staged (benchmarks, custom loops): the same single
   * {@code Session.run} as {@link #train}. The caller keeps ownership of the tensors.
   */
  public StepMetrics step(Map<String, Tensor> batch) {
    if (!initialized) {
      session.initialize();
      initialized = true;
    }
    return runStep(batch, -1);
  }

  private boolean initialized;

  private StepMetrics runStep(Map<String, Tensor> batch, long stepAfter) {
    long t0 = System.nanoTime();
    Session.Runner r = runnerFor(batch);
    r.addTarget(tg.trainOp());
    for (String k : telemetryKeys) r.fetch(tg.telemetry().get(k));
    Map<String, Double> scalars = new LinkedHashMap<>();
    boolean traced = profiler != null && stepAfter > 0 && stepAfter % plan.training().profileEvery() == 0;
    if (traced) r.setOptions(TfProfiler.fullTrace());
    try (Result res = traced ? r.runAndFetchMetadata() : r.run()) {
      for (int i = 0; i < telemetryKeys.size(); i++) {
        scalars.put(telemetryKeys.get(i), (double) ((TFloat32) res.get(i)).getFloat());
      }
      if (traced) res.getMetadata().ifPresent(profiler::add);
    }
    return new StepMetrics(stepAfter, (System.nanoTime() - t0) / 1e9, scalars);
  }

  /**
   * False when the step was non-finite and skipped (its update was gated off in the graph); throws
   * under the STOP policy, naming the term. Either way the weights are still the last good ones.
   */
  private boolean checkFinite(StepMetrics m) {
    if (m.scalars().getOrDefault(TelemetryKeys.SKIPPED, 0.0) == 0) return true;
    String term = "gradient";
    double value = Double.NaN;
    for (String t : rawKeys.keySet()) {
      double v = m.scalars().get(rawKeys.get(t));
      if (!Double.isFinite(v)) {
        term = t;
        value = v;
        break;
      }
    }
    if (!plan.training().skipNonFinite()) throw new NonFiniteLossException(term, m.step(), value);
    String msg = "skipped batch at step " + m.step() + ": loss term '" + term + "' was " + value;
    listeners.forEach(l -> l.onAlarm(m.step(), msg));
    return false;
  }

  private void checkZeroGradients(StepMetrics m) {
    long limit = plan.training().zeroGradientAlarmSteps();
    if (limit <= 0) return;
    for (String term : gradNormKeys.keySet()) {
      Double g = m.scalars().get(gradNormKeys.get(term));
      if (g == null) continue;
      long run = g == 0 ? zeroGradientRuns.merge(term, 1L, Long::sum) : 0;
      if (g != 0) zeroGradientRuns.put(term, 0L);
      if (run == limit) {
        String msg = "loss term '" + term + "' has had an exactly zero gradient for " + limit
            + " steps: it does not reach the weights";
        listeners.forEach(l -> l.onAlarm(m.step(), msg));
      }
    }
  }

  /** Saves a checkpoint now (atomically) and returns its prefix; a failed save leaves no temporary behind. */
  public Path checkpoint(long step) {
    Path tmp = checkpoints.begin(step);
    Path done;
    try {
      try (TString name = TString.scalarOf(tmp.toString());
          Result r = session.runner().feed(TfSaver.FILENAME, name).addTarget(TfSaver.SAVE).run()) {
        // nothing to read: the save op wrote the files
      }
      done = checkpoints.commit(step, tmp);
    } catch (RuntimeException | Error e) {
      checkpoints.abandon(tmp, e);
      throw e;
    }
    listeners.forEach(l -> l.onCheckpoint(step, done));
    return done;
  }

  /**
   * Restores the newest checkpoint that loads, falling back to older ones; returns its step: the
   * batches trained on when it was written (its {@code step-N} name), which the data and the logs
   * resume from. The global step inside counts the updates applied, fewer after skipped batches.
   */
  public long restoreLatest() {
    List<Path> all = checkpoints.newestFirst();
    if (all.isEmpty()) throw new IllegalStateException("no checkpoint in " + runDir.resolve("checkpoints"));
    RuntimeException firstFailure = null;
    List<String> failures = new ArrayList<>();
    for (Path p : all) {
      try {
        restore(p);
        return CheckpointManager.stepOf(p.getParent());
      } catch (RuntimeException e) {
        unreadable(p, e);
        failures.add(TfExporter.unreadableMessage(p, e));
        if (firstFailure == null) firstFailure = e;
      }
    }
    throw new IllegalStateException("no checkpoint in " + runDir + " could be restored: "
        + String.join("; ", failures), firstFailure);
  }

  /** Reports a checkpoint that failed to restore, naming its file; the caller tries an older one. */
  private void unreadable(Path prefix, RuntimeException e) {
    String msg = TfExporter.unreadableMessage(prefix, e);
    log.warn("{}; trying an older one", msg);
    listeners.forEach(l -> l.onAlarm(-1, msg));
  }

  private long restoreLatestOrZero() {
    if (checkpoints.valid().isEmpty()) {
      session.initialize();
      return 0;
    }
    return restoreLatest();
  }

  private void restore(Path prefix) {
    session.initialize(); // variables not in the checkpoint (none, normally) keep their init
    try (TString name = TString.scalarOf(prefix.toString());
        Result r = session.runner().feed(TfSaver.FILENAME, name).addTarget(TfSaver.RESTORE).run()) {
      // restored in place
    }
  }

  /** Mean of each primary term and the accuracy of the {@code logits} output on a split. */
  public Map<String, Double> evaluate(Split split) {
    Map<String, Double> sums = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>(tg.evalSums().keySet());
    Iterator<Batch> it = LabelRange.checked(plan.dataset().batches(split, plan.batchSize(), plan.seed()),
        plan.dataset(), plan.datasetName(), split.name().toLowerCase(java.util.Locale.ROOT));
    int limit = plan.training().evalBatches();
    if (split == Split.TRAIN && limit <= 0) {
      // the training stream is endless: one pass over its size
      limit = (plan.dataset().size(Split.TRAIN) + plan.batchSize() - 1) / plan.batchSize();
    }
    for (int b = 0; it.hasNext() && (limit <= 0 || b < limit); b++) {
      Map<String, Tensor> batch = BatchFeeder.toTensors(it.next());
      try {
        Session.Runner r = runnerFor(batch);
        for (String k : keys) r.fetch(tg.evalSums().get(k));
        try (Result res = r.run()) {
          for (int i = 0; i < keys.size(); i++) {
            sums.merge(keys.get(i), (double) ((TFloat32) res.get(i)).getFloat(), Double::sum);
          }
        }
      } finally {
        batch.values().forEach(Tensor::close);
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    double n = sums.getOrDefault("examples", 0.0);
    if (sums.containsKey("count") && sums.get("count") > 0) out.put("accuracy", sums.get("correct") / sums.get("count"));
    macroF1(sums).ifPresent(f1 -> out.put("macro_f1", f1));
    sums.forEach((k, v) -> {
      if (TelemetryKeys.isLoss(k) && n > 0) out.put(k, v / n);
    });
    out.put("examples", n);
    return out;
  }

  /**
   * The mean over tags t ≥ 1 that occur in the split of F1_t = 2·tp / (predicted + gold); empty for
   * a model that is not a tagger.
   */
  static OptionalDouble macroF1(Map<String, Double> sums) {
    double total = 0;
    int tags = 0;
    for (int t = 1; sums.containsKey("tp/" + t); t++) {
      double gold = sums.get("gold/" + t);
      if (gold <= 0) continue;
      total += 2 * sums.get("tp/" + t) / (sums.get("predicted/" + t) + gold);
      tags++;
    }
    return tags == 0 ? OptionalDouble.empty() : OptionalDouble.of(total / tags);
  }

  /**
   * Writes the SavedModel (inference graph, primary outputs only) of the newest readable checkpoint
   * to {@code dir}, atomically; a previous auxloss export there is refused (see {@link
   * #export(Path, boolean, String)}).
   */
  public TfExporter.Exported export(Path dir) {
    return export(dir, false, "replaceExport");
  }

  /**
   * Like {@link #export(Path)}; {@code replaceExport} allows replacing a previous auxloss export at
   * {@code dir}, and {@code overwriteHint} names how the user allows it when refused. An unreadable
   * checkpoint is reported to the listeners ({@code onAlarm}) and the next older one is used.
   */
  public TfExporter.Exported export(Path dir, boolean replaceExport, String overwriteHint) {
    if (checkpoints.valid().isEmpty()) checkpoint(globalStep());
    return exportRun(plan, runDir, dir, replaceExport, overwriteHint, this::unreadable);
  }

  /**
   * Writes the SavedModel of a run's newest readable checkpoint without opening a training session:
   * the export rebuilds the model in inference mode, so it reads only the plan's model, dataset
   * inputs, seed and runtime — a plan with no terms (one resolved for export) will do. {@code
   * unreadable} is told of each checkpoint skipped.
   */
  public static TfExporter.Exported exportRun(TrainingPlan plan, Path runDir, Path dir, boolean replaceExport,
      String overwriteHint, BiConsumer<Path, RuntimeException> unreadable) {
    List<TfExporter.Source> sources = new CheckpointManager(runDir, plan.training().keepCheckpoints())
        .newestFirst().stream().map(p -> new TfExporter.Source(p, CheckpointManager.stepOf(p.getParent()))).toList();
    return TfExporter.export(plan, runDir, sources, dir, replaceExport, overwriteHint, unreadable);
  }

  /** A runner fed with the batch's tensors the graph has placeholders for (others are not read). */
  private Session.Runner runnerFor(Map<String, Tensor> batch) {
    Session.Runner r = session.runner();
    batch.forEach((name, t) -> {
      var p = tg.feeds().get(name);
      if (p != null) r.feed(p, t);
    });
    return r;
  }

  /** Runs one step's feeds without updating (for benchmarks and tests): the fetched telemetry. */
  public Map<String, Double> peek(Batch batch) {
    Map<String, Tensor> t = BatchFeeder.toTensors(batch);
    try {
      Session.Runner r = runnerFor(t);
      for (String k : telemetryKeys) r.fetch(tg.telemetry().get(k));
      Map<String, Double> out = new LinkedHashMap<>();
      try (Result res = r.run()) {
        for (int i = 0; i < telemetryKeys.size(); i++) out.put(telemetryKeys.get(i), (double) ((TFloat32) res.get(i)).getFloat());
      }
      return out;
    } finally {
      t.values().forEach(Tensor::close);
    }
  }

  /** Fetches any float operand of the training graph for a batch (tests). */
  public float[] fetch(Operand<TFloat32> op, Batch batch) {
    Map<String, Tensor> t = BatchFeeder.toTensors(batch);
    try {
      Session.Runner r = runnerFor(t);
      try (Result res = r.fetch(op).run()) {
        TFloat32 v = (TFloat32) res.get(0);
        float[] out = new float[(int) v.shape().size()];
        v.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
        return out;
      }
    } finally {
      t.values().forEach(Tensor::close);
    }
  }

  /** Whether this process writes the run's files (always, unless it is a non-chief worker). */
  public boolean isChief() {
    return target.isChief();
  }

  public Path runDir() {
    return runDir;
  }

  @Override
  public void close() {
    target.closeSession(session);
    graph.close();
  }
}
