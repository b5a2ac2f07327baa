package dev.auxloss.tf.train;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Split;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.export.TfExporter;
import dev.auxloss.tf.graph.TfGraphBuilder;
import dev.auxloss.tf.graph.TrainingGraph;
import dev.auxloss.tf.profile.TfProfiler;
import dev.auxloss.tf.runtime.TfSessionConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * One training run: owns the graph, the session and the input thread. Build-time problems (missing
 * endpoints, unreachable terms, shape mismatches...) are thrown together as a {@code
 * ConfigException} from {@link #open}; nothing is written before that succeeds.
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
 *
 * <p>This class holds the lifecycle (graph, session, target) and hands each job to its own class:
 * {@link TrainingLoop} the loop, {@link StepAlarms} the non-finite policy and alarms, {@link
 * Checkpointer} saving and restoring, {@link Evaluator} scoring a split, {@link StepRunner} feeding
 * a batch to the graph (also for the test and benchmark hooks {@link #step}, {@link #peek}, {@link
 * #fetch}).
 */
public final class TfTrainingSession implements AutoCloseable {
  private final TrainingPlan plan;
  private final Path runDir;
  private final Graph graph;
  private final TrainingGraph tg;
  private final Session session;
  private final ExecutionTarget target;
  private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
  private final StepRunner runner;
  private final Checkpointer checkpointer;
  private final Evaluator evaluator;
  private final TrainingLoop loop;
  private boolean initialized;

  private TfTrainingSession(
      TrainingPlan plan,
      Path runDir,
      Graph graph,
      TrainingGraph tg,
      Session session,
      ExecutionTarget target) {
    this.plan = plan;
    this.target = target;
    this.runDir = runDir;
    this.graph = graph;
    this.tg = tg;
    this.session = session;
    TrainingSettings settings = plan.training();
    // Step stats every training.profile_every steps (off by default: a traced step is slower).
    TfProfiler profiler =
        settings.profileEvery() > 0 ? TfProfiler.forGraph(tg, plan.terms()) : null;
    this.runner = new StepRunner(session, tg, profiler, settings.profileEvery());
    this.checkpointer = new Checkpointer(session, runDir, settings.keepCheckpoints(), listeners);
    this.evaluator = new Evaluator(plan, tg, runner);
    StepAlarms alarms =
        new StepAlarms(
            tg.termValues().keySet(),
            settings.skipNonFinite(),
            settings.zeroGradientAlarmSteps(),
            listeners);
    this.loop =
        new TrainingLoop(
            plan, target, runner, alarms, checkpointer, evaluator, listeners, profiler, runDir);
  }

  /**
   * Builds and validates the training graph and opens a session; writes nothing yet. Runs as a
   * worker of a data-parallel cluster when the config names one, else in this process alone; a
   * cluster resolved elsewhere (the CLI reads flags and the environment) is passed as the target:
   * see {@link dev.auxloss.tf.distributed.ClusterTarget}.
   */
  public static TfTrainingSession open(TrainingPlan plan, Path runDir) {
    return open(
        plan,
        runDir,
        dev.auxloss.tf.distributed.ClusterTarget.of(
            dev.auxloss.tf.distributed.ClusterSpec.of(plan.runtime()), plan.runtime()));
  }

  /**
   * Like {@link #open(TrainingPlan, Path)} on a given target (a worker of a cluster). The plan is
   * trusted as resolved (term names, roles, weights, batch size against the split and the target's
   * workers are checked before); only what the built graph shows is checked here.
   */
  public static TfTrainingSession open(TrainingPlan plan, Path runDir, ExecutionTarget target) {
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
    try (Result r = SessionRuns.run(session.runner().fetch(tg.step()))) {
      return ((TInt64) r.get(0)).getLong();
    }
  }

  /**
   * Trains to {@code plan.training().steps()}; with {@code resume}, continues from the newest valid
   * checkpoint in the run directory (same data order: the batches already seen are skipped).
   */
  public TrainingOutcome train(boolean resume) {
    return loop.run(resume);
  }

  /**
   * One training step on tensors the caller staged (benchmarks, custom loops): the same single
   * {@code Session.run} as {@link #train}, as a summary step (every telemetry scalar). The caller
   * keeps ownership of the tensors.
   */
  public StepMetrics step(Map<String, Tensor> batch) {
    return step(batch, true);
  }

  /**
   * As {@link #step(Map)}; an ordinary step ({@code summary} false, what {@link #train} runs
   * between summaries) fetches only {@link TrainingGraph#everyStep}.
   */
  public StepMetrics step(Map<String, Tensor> batch, boolean summary) {
    if (!initialized) {
      checkpointer.initializeFresh();
      initialized = true;
    }
    return runner.train(batch, -1, summary);
  }

  /**
   * The step's run, not yet run: feeds, the train op and the telemetry of a summary step or an
   * ordinary one, as {@link #step(Map, boolean)} builds it (for tracing it with run options).
   */
  public Session.Runner stepRunner(Map<String, Tensor> batch, boolean summary) {
    return runner.stepRunner(batch, summary);
  }

  /**
   * Saves a checkpoint now (atomically) and returns its prefix; a failed save leaves no temporary
   * behind.
   */
  public Path checkpoint(long step) {
    return checkpointer.save(step);
  }

  /**
   * Restores the newest checkpoint that loads, falling back to older ones; returns its step: the
   * batches trained on when it was written (its {@code step-N} name), which the data and the logs
   * resume from. The global step inside counts the updates applied, fewer after skipped batches.
   */
  public long restoreLatest() {
    return checkpointer.restoreLatest();
  }

  /**
   * The plan's metrics (by reported name), the mean of each primary term and {@code examples} on a
   * split.
   */
  public Map<String, Double> evaluate(Split split) {
    return evaluator.evaluate(split);
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
    if (!checkpointer.hasValid()) checkpoint(globalStep());
    return exportRun(plan, runDir, dir, replaceExport, overwriteHint, checkpointer::unreadable);
  }

  /**
   * Writes the SavedModel of a run's newest readable checkpoint without opening a training session:
   * the export rebuilds the model in inference mode, so it reads only the plan's model, dataset
   * inputs, seed and runtime — a plan with no terms (one resolved for export) will do. {@code
   * unreadable} is told of each checkpoint skipped.
   */
  public static TfExporter.Exported exportRun(
      TrainingPlan plan,
      Path runDir,
      Path dir,
      boolean replaceExport,
      String overwriteHint,
      BiConsumer<Path, RuntimeException> unreadable) {
    List<TfExporter.Source> sources =
        new CheckpointManager(runDir, plan.training().keepCheckpoints())
            .newestFirst().stream()
                .map(p -> new TfExporter.Source(p, CheckpointManager.stepOf(p.getParent())))
                .toList();
    return TfExporter.export(plan, runDir, sources, dir, replaceExport, overwriteHint, unreadable);
  }

  /** Runs one step's feeds without updating (for benchmarks and tests): the fetched telemetry. */
  public Map<String, Double> peek(Batch batch) {
    return runner.peek(batch);
  }

  /** Fetches any float operand of the training graph for a batch (tests). */
  public float[] fetch(Operand<TFloat32> op, Batch batch) {
    return runner.fetch(op, batch);
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
