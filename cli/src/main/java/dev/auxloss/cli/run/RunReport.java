package dev.auxloss.cli.run;

import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Split;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.graph.TelemetryKeys;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TrainingListener;
import dev.auxloss.tf.train.TrainingOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run.json}: what a run was and reached, for scripts and benchmarks:
 *
 * <pre>
 * {
 *   "name": "default", "config_sha256": "3f1c...", "final_step": 300, "seconds": 61.2, "finished": true,
 *   "bad_examples": {"policy": "skip", "skipped": 2, "by_split": {"train": {"corrupt_record": 1, "not_json": 1}}},
 *   "segments": [{"started_at": "2026-12-06T09:00:00Z", "start_step": 0, "end_step": 200, "seconds": 40.1,
 *                 "skipped_batches": 0}, {"started_at": "...", "start_step": 200, "end_step": 300, ...}],
 *   "test": {"accuracy": 0.93, "loss/vision.cross_entropy": 0.21, "examples": 1000},
 *   "terms": {"vision.aux_classifier": {"key": "...", "role": "auxiliary", "weight": 0.3,
 *             "schedule": "constant(1.0)", "final_raw": 0.25,
 *             "weight_trajectory": [[1, 0.3], [3, 0.3], ...]}},
 *   "evaluations": [{"step": 60, "split": "validation", "metrics": {...}}],
 *   "export": "export"
 * }
 * </pre>
 *
 * A segment is one process's part of the run (the first, then one per {@code --resume}); {@code
 * seconds} and {@code skipped_batches} are totals over the segments. The report is rewritten
 * (atomically) at every checkpoint and evaluation with {@code "finished": false}, so a run killed
 * later still has its segment up to the checkpoint it resumes from; on resume, what an earlier
 * report holds past the restored step is dropped. The weight trajectory is the effective weight
 * (configured weight × schedule × strategy) fetched from the training step, sampled about 100 times
 * over the whole run. {@code bad_examples} counts what {@code data.on_bad_example: SKIP} left out
 * in this process (each bad example once, whichever epoch met it), by split and kind.
 */
public final class RunReport implements TrainingListener {
  private final Path file;
  private final TrainingPlan plan;
  private final RunRecorder rec;
  private List<Map<String, Object>> earlierSegments = List.of();
  private List<Object> earlierEvaluations = List.of();
  private String startedAt;
  private long startNanos;
  private long startStep;
  private long skipped;

  /**
   * Reports on {@code plan}'s run into {@code file}, taking curves and evaluations from {@code rec}
   * (register {@code rec} as a listener before this report, so it has seen what is reported).
   */
  public RunReport(Path file, TrainingPlan plan, RunRecorder rec) {
    this.file = file;
    this.plan = plan;
    this.rec = rec;
  }

  @Override
  public void onStart(long restoredStep, long totalSteps) {
    startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    startNanos = System.nanoTime();
    startStep = restoredStep;
    Map<String, Object> earlier = earlierReport();
    earlierSegments = RunSegments.upTo(earlier, restoredStep);
    List<Object> evals = new ArrayList<>();
    if (earlier.get("evaluations") instanceof List<?> l) {
      for (Object e : l) {
        boolean kept =
            e instanceof Map<?, ?> m
                && m.get("step") instanceof Number n
                && n.longValue() <= restoredStep;
        if (kept) evals.add(e);
      }
    }
    earlierEvaluations = evals;
  }

  @Override
  public void onStep(StepMetrics m) {
    if (m.scalars().getOrDefault(TelemetryKeys.SKIPPED, 0.0) != 0) skipped++;
  }

  @Override
  public void onCheckpoint(long step, Path checkpoint) {
    progress(step);
  }

  /**
   * Also after an evaluation, which runs after the checkpoint of its step and would be lost
   * otherwise.
   */
  @Override
  public void onEvaluation(long step, Split split, Map<String, Double> metrics) {
    progress(step);
  }

  private void progress(long step) {
    try {
      write(step, skipped, null, null, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The final report: this segment ends at the outcome's step. */
  public void finish(TrainingOutcome outcome, Map<String, Double> test, String export)
      throws IOException {
    write(outcome.finalStep(), outcome.skippedBatches(), test, export, true);
  }

  private void write(
      long endStep, long segmentSkipped, Map<String, Double> test, String export, boolean finished)
      throws IOException {
    List<Map<String, Object>> segments = new ArrayList<>(earlierSegments);
    segments.add(
        RunSegments.segment(
            startedAt, startStep, endStep, (System.nanoTime() - startNanos) / 1e9, segmentSkipped));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", plan.name());
    root.put("config_sha256", plan.configHash());
    root.put("model", plan.modelName());
    root.put("dataset", plan.datasetName());
    root.put("weighting", plan.weightingName());
    root.put("final_step", endStep);
    root.put("skipped_batches", (long) RunSegments.sum(segments, "skipped_batches"));
    root.put("seconds", RunSegments.sum(segments, "seconds"));
    root.put("finished", finished);
    root.put("bad_examples", badExamples());
    root.put("segments", segments);
    root.put("test", test == null ? null : new LinkedHashMap<>(test));
    Map<String, Object> terms = new LinkedHashMap<>();
    for (TermPlan t : plan.terms()) {
      Map<String, Object> term = new LinkedHashMap<>();
      term.put("key", t.key());
      term.put("role", t.role().name().toLowerCase(Locale.ROOT));
      term.put("weight", t.weight());
      term.put("schedule", t.schedule().describe());
      Double raw =
          rec.last() == null ? null : rec.last().scalars().get(TelemetryKeys.raw(t.name()));
      term.put("final_raw", raw);
      term.put("weight_trajectory", rec.weightTrajectories().getOrDefault(t.name(), List.of()));
      terms.put(t.name(), term);
    }
    root.put("terms", terms);
    List<Object> evals = new ArrayList<>(earlierEvaluations);
    for (RunRecorder.Evaluation e : rec.evaluations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", e.step());
      m.put("split", e.split().name().toLowerCase(Locale.ROOT));
      m.put("metrics", new java.util.TreeMap<>(e.metrics()));
      evals.add(m);
    }
    root.put("evaluations", evals);
    root.put("export", export);
    AtomicFiles.writeString(file, Json.write(root));
  }

  private Map<String, Object> badExamples() {
    BadExamples bad = plan.badExamples();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("policy", bad.policy().name().toLowerCase(Locale.ROOT));
    out.put("skipped", bad.skipped());
    out.put("by_split", bad.counts());
    return out;
  }

  /**
   * The report an earlier process of this run left, or an empty map. One that cannot be read (torn
   * by a crash of a version that wrote it in place) only costs the history it held, not the resume.
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> earlierReport() {
    try {
      if (!Files.isRegularFile(file)) return Map.of();
      return Json.parse(Files.readString(file, StandardCharsets.UTF_8)) instanceof Map<?, ?> m
          ? (Map<String, Object>) m
          : Map.of();
    } catch (IOException | IllegalArgumentException e) {
      return Map.of();
    }
  }
}
