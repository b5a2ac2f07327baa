package dev.auxloss.cli.run;

import dev.auxloss.api.config.TermPlan;
import dev.auxloss.api.config.TrainingPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run.json}: what a finished run was and reached, for scripts and benchmarks:
 *
 * <pre>
 * {
 *   "name": "default", "config_sha256": "3f1c...", "final_step": 300, "seconds": 61.2,
 *   "test": {"accuracy": 0.93, "loss/vision.cross_entropy": 0.21, "examples": 1000},
 *   "terms": {"vision.aux_classifier": {"key": "...", "role": "auxiliary", "weight": 0.3,
 *             "schedule": "constant(1.0)", "final_raw": 0.25,
 *             "weight_trajectory": [[1, 0.3], [3, 0.3], ...]}},
 *   "validation": [{"step": 60, "metrics": {...}}],
 *   "export": "export"
 * }
 * </pre>
 *
 * The weight trajectory is the effective weight (configured weight × schedule × strategy) fetched
 * from the training step, sampled about 100 times over the run.
 */
public final class RunReport {
  private RunReport() {}

  public static void write(Path file, TrainingPlan plan, RunRecorder rec, long finalStep, long skippedBatches,
      double seconds, Map<String, Double> test, String export) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", plan.name());
    root.put("config_sha256", plan.configHash());
    root.put("model", plan.modelName());
    root.put("dataset", plan.datasetName());
    root.put("weighting", plan.weightingName());
    root.put("final_step", finalStep);
    root.put("skipped_batches", skippedBatches);
    root.put("seconds", seconds);
    root.put("test", test == null ? null : new LinkedHashMap<>(test));
    Map<String, Object> terms = new LinkedHashMap<>();
    for (TermPlan t : plan.terms()) {
      Map<String, Object> term = new LinkedHashMap<>();
      term.put("key", t.key());
      term.put("role", t.role().name().toLowerCase(Locale.ROOT));
      term.put("weight", t.weight());
      term.put("schedule", t.schedule().describe());
      Double raw = rec.last() == null ? null : rec.last().scalars().get("term/" + t.name() + "/raw");
      term.put("final_raw", raw);
      term.put("weight_trajectory", rec.weightTrajectories().getOrDefault(t.name(), List.of()));
      terms.put(t.name(), term);
    }
    root.put("terms", terms);
    List<Object> evals = new ArrayList<>();
    for (RunRecorder.Evaluation e : rec.evaluations()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", e.step());
      m.put("split", e.split().name().toLowerCase(Locale.ROOT));
      m.put("metrics", new java.util.TreeMap<>(e.metrics()));
      evals.add(m);
    }
    root.put("evaluations", evals);
    root.put("export", export);
    Files.writeString(file, Json.write(root), StandardCharsets.UTF_8);
  }
}
