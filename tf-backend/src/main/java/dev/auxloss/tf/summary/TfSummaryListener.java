package dev.auxloss.tf.summary;

import dev.auxloss.api.data.Split;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.SummarySteps;
import dev.auxloss.tf.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Logs a run to TensorBoard: every step metric ({@code loss/total}, {@code lr}, and per term {@code
 * term/<name>/raw}, {@code weight}, {@code weighted}, plus {@code grad_norm}, {@code cosine},
 * {@code conflict_rate} when the weighting strategy computes them) at most once per {@code
 * summaryEvery} steps and at the last step, and evaluation results as {@code
 * eval/<split>/<metric>}. The event file is created lazily at the first write, so a run that fails
 * before its first step leaves none.
 *
 * <p>Each file starts with a {@code SessionLog.START} at the first step this run logs (the step
 * after the restored one): TensorBoard keeps only earlier points from older files, so what a killed
 * run logged past its last checkpoint is not shown twice after {@code --resume}.
 *
 * <pre>{@code
 * session.addListener(new TfSummaryListener(runDir.resolve("tensorboard"), plan.training().summaryEvery(), steps));
 * }</pre>
 */
public final class TfSummaryListener implements TrainingListener, AutoCloseable {
  private final Path dir;
  private final SummarySteps summaries;
  private TfEventWriter writer;
  private boolean closed;

  /** Where this run starts logging: the restored step + 1. */
  private long firstStep = 1;

  public TfSummaryListener(Path dir, long summaryEvery, long totalSteps) {
    if (summaryEvery <= 0)
      throw new IllegalArgumentException("summaryEvery must be > 0, found " + summaryEvery);
    this.dir = dir;
    this.summaries = new SummarySteps(summaryEvery, totalSteps);
  }

  @Override
  public void onStart(long startStep, long total) {
    firstStep = startStep + 1;
  }

  @Override
  public void onStep(StepMetrics m) {
    if (closed || !summaries.due(m.step())) return;
    Map<String, Double> values = new LinkedHashMap<>(m.scalars());
    if (m.seconds() > 0) values.put("perf/steps_per_second", 1 / m.seconds());
    writer().scalars(m.step(), values);
  }

  @Override
  public void onEvaluation(long step, Split split, Map<String, Double> metrics) {
    Map<String, Double> values = new LinkedHashMap<>();
    String prefix = "eval/" + split.name().toLowerCase(Locale.ROOT) + "/";
    metrics.forEach((k, v) -> values.put(prefix + k, v));
    if (!closed && !values.isEmpty()) writer().scalars(step, values);
  }

  /** The event file, or null before the first write. */
  public Path file() {
    return writer == null ? null : writer.file();
  }

  /** Closes the event file; later metrics are ignored. */
  @Override
  public void close() {
    closed = true;
    if (writer == null) return;
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + writer.file(), e);
    }
  }

  private TfEventWriter writer() {
    if (writer == null) {
      try {
        writer = TfEventWriter.create(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a TensorBoard event file in " + dir, e);
      }
      // TensorBoard purges points at >= this step (not only >), so START at the restored step + 1
      // keeps the restored step's own point.
      writer.sessionStart(firstStep);
    }
    return writer;
  }
}
