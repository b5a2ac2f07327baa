package dev.auxloss.cli.run;

import dev.auxloss.api.data.Split;
import dev.auxloss.tf.graph.TelemetryKeys;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps what the chart and the report need, thinned so memory stays small on long runs: about 1000
 * curve points ({@code loss/total} and every {@code term/*} scalar) and about 100 weight-trajectory
 * samples per term, always including the first and last step; plus every evaluation.
 *
 * <p>A resumed run starts from the rows {@code metrics.csv} holds up to the restored step, so the
 * curves and trajectories cover the whole run, not only the part since the resume.
 */
public final class RunRecorder implements TrainingListener {
  /** One evaluation: at which step, on which split, what it measured. */
  public record Evaluation(long step, Split split, Map<String, Double> metrics) {}

  private final long total;
  private final Path history;
  private final long curveStride;
  private final long trajectoryStride;
  private final Map<String, List<double[]>> curves = new LinkedHashMap<>();
  private final Map<String, List<double[]>> weights = new LinkedHashMap<>();
  private final List<Evaluation> evaluations = new ArrayList<>();
  private long lastStep;
  private long startStep = -1;
  private StepMetrics last;

  /** Records a run whose earlier steps, if it is resumed, are the rows of {@code metricsCsv}. */
  public RunRecorder(long totalSteps, Path metricsCsv) {
    this.total = totalSteps;
    this.history = metricsCsv;
    this.curveStride = Math.max(1, totalSteps / 1000);
    this.trajectoryStride = Math.max(1, totalSteps / 100);
  }

  @Override
  public void onStart(long restoredStep, long totalSteps) {
    try {
      MetricsCsv.rows(history, restoredStep, this::replay);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the run's history from " + history, e);
    }
  }

  /** A logged row of the run so far: its points are kept with the same thinning as live steps. */
  private void replay(StepMetrics m) {
    if (startStep < 0) startStep = m.step();
    lastStep = m.step();
    last = m;
    m.scalars()
        .forEach(
            (k, v) -> {
              if (curve(k) && due(curves.get(k), m.step(), curveStride))
                add(curves, k, m.step(), v);
              TelemetryKeys.termOf(k, TelemetryKeys.WEIGHT)
                  .ifPresent(
                      term -> {
                        if (due(weights.get(term), m.step(), trajectoryStride))
                          add(weights, term, m.step(), v);
                      });
            });
  }

  /** The curves drawn: the weighted total and every per-term scalar. */
  private static boolean curve(String key) {
    return key.equals(TelemetryKeys.TOTAL_LOSS) || TelemetryKeys.isTerm(key);
  }

  /**
   * Rows come at the summary cadence, not on stride multiples: keep one at least a stride after the
   * last.
   */
  private static boolean due(List<double[]> points, long step, long stride) {
    return points == null || points.isEmpty() || step - points.get(points.size() - 1)[0] >= stride;
  }

  @Override
  public void onStep(StepMetrics m) {
    boolean first = startStep < 0;
    if (first) startStep = m.step();
    lastStep = m.step();
    last = m;
    boolean end = m.step() >= total;
    if (first || end || m.step() % curveStride == 0) {
      m.scalars()
          .forEach(
              (k, v) -> {
                if (curve(k)) add(curves, k, m.step(), v);
              });
    }
    if (first || end || m.step() % trajectoryStride == 0) {
      m.scalars()
          .forEach(
              (k, v) ->
                  TelemetryKeys.termOf(k, TelemetryKeys.WEIGHT)
                      .ifPresent(term -> add(weights, term, m.step(), v)));
    }
  }

  @Override
  public void onEvaluation(long step, Split split, Map<String, Double> metrics) {
    evaluations.add(new Evaluation(step, split, Map.copyOf(metrics)));
  }

  private static void add(Map<String, List<double[]>> into, String key, long step, double v) {
    List<double[]> points = into.computeIfAbsent(key, k -> new ArrayList<>());
    if (points.isEmpty() || points.get(points.size() - 1)[0] != step)
      points.add(new double[] {step, v});
  }

  /** scalar key → [step, value] points. */
  public Map<String, List<double[]>> curves() {
    return curves;
  }

  /** term name → [step, effective weight] samples. */
  public Map<String, List<double[]>> weightTrajectories() {
    return weights;
  }

  public List<Evaluation> evaluations() {
    return evaluations;
  }

  /** The last step seen, or 0 before any. */
  public long lastStep() {
    return lastStep;
  }

  /** The last step's metrics, or null. */
  public StepMetrics last() {
    return last;
  }
}
