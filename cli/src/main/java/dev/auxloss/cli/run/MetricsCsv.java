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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code metrics.csv}: one row per logged step (at most one per {@code summary_every} steps, and the
 * last step), columns {@code step,seconds} and then every step scalar in sorted order ({@code
 * loss/total}, {@code lr}, {@code term/<name>/raw|weight|weighted|...}). The columns are fixed by the
 * first row. Flushed at each row.
 *
 * <p>A resumed run keeps one history: at the start it drops the rows past the restored step (what a
 * killed run logged after its last checkpoint, and a torn last line), replacing the file atomically,
 * then appends under the same header.
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
  public void onStart(long startStep, long totalSteps) {
    if (writer != null) return;
    try {
      if (!Files.isRegularFile(file)) return;
      List<String> lines = lines(file);
      List<String> kept = new ArrayList<>(lines.isEmpty() ? List.of() : List.of(lines.get(0)));
      for (StepRow r : history(lines, startStep)) kept.add(r.line());
      AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite " + file + " to end at the restored step " + startStep, e);
    }
  }

  /** The rows of {@code file} (if it exists) up to {@code lastStep}, as the metrics they logged. */
  public static List<StepMetrics> rows(Path file, long lastStep) throws IOException {
    return history(lines(file), lastStep).stream().map(StepRow::metrics).toList();
  }

  /**
   * The rows up to {@code lastStep}, steps strictly increasing: where the step goes back (a file an
   * older auxloss resumed by appending), the later rows replace the earlier ones from that step on.
   */
  private static List<StepRow> history(List<String> lines, long lastStep) {
    List<StepRow> kept = new ArrayList<>();
    for (StepRow r : parse(lines)) {
      if (r.metrics().step() > lastStep) continue;
      while (!kept.isEmpty() && kept.get(kept.size() - 1).metrics().step() >= r.metrics().step()) {
        kept.remove(kept.size() - 1);
      }
      kept.add(r);
    }
    return kept;
  }

  private record StepRow(String line, StepMetrics metrics) {}

  /** The complete lines: a last line with no newline was cut off by a kill and is left out. */
  private static List<String> lines(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return List.of();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
  }

  /** The well-formed rows under the header; a torn line (a writer killed mid-row) is left out. */
  private static List<StepRow> parse(List<String> lines) {
    if (lines.isEmpty()) return List.of();
    String[] header = lines.get(0).split(",", -1);
    List<StepRow> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      if (cells.length != header.length) continue;
      try {
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (int i = 2; i < cells.length; i++) {
          if (!cells[i].isEmpty()) scalars.put(header[i], Double.parseDouble(cells[i]));
        }
        rows.add(new StepRow(line, new StepMetrics(Long.parseLong(cells[0]), Double.parseDouble(cells[1]), scalars)));
      } catch (NumberFormatException torn) {
        // not a row this writer finished
      }
    }
    return rows;
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
