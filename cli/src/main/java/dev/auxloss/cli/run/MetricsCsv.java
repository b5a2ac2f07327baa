package dev.auxloss.cli.run;

import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TrainingListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code metrics.csv}: one row per logged step (at most one per {@code summary_every} steps, and the
 * last step), columns {@code step,seconds} and then every step scalar in sorted order ({@code
 * loss/total}, {@code lr}, {@code term/<name>/raw|weight|weighted|...}). The columns are fixed by the
 * first row; a resumed run appends to the file it finds. Flushed at each row.
 */
public final class MetricsCsv implements TrainingListener, AutoCloseable {
  private final Path file;
  private final long every;
  private final long total;
  private BufferedWriter writer;
  private List<String> columns;
  private long lastWritten = Long.MIN_VALUE;

  public MetricsCsv(Path file, long every, long total) {
    this.file = file;
    this.every = every;
    this.total = total;
  }

  @Override
  public void onStep(StepMetrics m) {
    boolean due = lastWritten == Long.MIN_VALUE || m.step() - lastWritten >= every || m.step() >= total;
    if (!due) return;
    lastWritten = m.step();
    try {
      if (writer == null) open(m);
      StringBuilder row = new StringBuilder().append(m.step()).append(',').append(fmt(m.seconds()));
      for (String c : columns) {
        Double v = m.scalars().get(c);
        row.append(',').append(v == null ? "" : fmt(v));
      }
      writer.write(row.append('\n').toString());
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private void open(StepMetrics first) throws IOException {
    boolean append = Files.exists(file) && Files.size(file) > 0;
    if (append) {
      String header = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
      List<String> cols = new ArrayList<>(List.of(header.split(",", -1)));
      columns = cols.subList(2, cols.size());
    } else {
      columns = new ArrayList<>(new TreeSet<>(first.scalars().keySet()));
    }
    writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    if (!append) writer.write("step,seconds," + String.join(",", columns) + "\n");
  }

  static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : String.valueOf(v);
  }

  @Override
  public void close() throws IOException {
    if (writer != null) writer.close();
    writer = null;
  }
}
