package dev.auxloss.cli.run;

import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.SummarySteps;
import dev.auxloss.tf.train.TrainingListener;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * {@code metrics.csv}: one row per logged step (at most one per {@code summary_every} steps, and
 * the last step), columns {@code step,seconds} and then every step scalar in sorted order ({@code
 * loss/total}, {@code lr}, {@code term/<name>/raw|weight|weighted|...}). The columns are fixed by
 * the first row. Flushed at each row.
 *
 * <p>A resumed run keeps one history: at the start it drops the rows past the restored step (what a
 * killed run logged after its last checkpoint, and a torn last line), replacing the file
 * atomically, then appends under the same header.
 */
public final class MetricsCsv implements TrainingListener, AutoCloseable {
  private final Path file;
  private final SummarySteps summaries;
  private BufferedWriter writer;
  private List<String> columns;

  public MetricsCsv(Path file, long every, long total) {
    this.file = file;
    this.summaries = new SummarySteps(every, total);
  }

  @Override
  public void onStart(long startStep, long totalSteps) {
    if (writer != null || !Files.isRegularFile(file)) return;
    try {
      Scan scan = scan(file);
      AtomicFiles.write(
          file,
          out -> {
            if (scan.header() == null) return;
            out.write(scan.header() + "\n");
            history(
                file,
                scan,
                startStep,
                (line, m) -> {
                  out.write(line);
                  out.write('\n');
                });
          });
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot rewrite " + file + " to end at the restored step " + startStep, e);
    }
  }

  /**
   * Each row of the run's history in {@code file} (if it exists) up to {@code lastStep}, in step
   * order.
   */
  public static void rows(Path file, long lastStep, Consumer<StepMetrics> row) throws IOException {
    if (Files.isRegularFile(file)) history(file, scan(file), lastStep, (line, m) -> row.accept(m));
  }

  private interface RowSink {
    void accept(String line, StepMetrics metrics) throws IOException;
  }

  /**
   * A first pass over the file: its header (null when it has no complete line) and the step of each
   * complete row below it ({@code Long.MAX_VALUE} for a malformed one). A last line with no newline
   * was cut off by a kill and is not counted.
   */
  private record Scan(String header, long[] steps, int rows) {}

  private static Scan scan(Path file) throws IOException {
    boolean tornTail = !endsWithNewline(file);
    long[] steps = new long[1024];
    int n = 0;
    String header;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      header = in.readLine();
      if (header == null) return new Scan(null, steps, 0);
      String[] columns = header.split(",", -1);
      for (String line; (line = in.readLine()) != null; n++) {
        if (n == steps.length) steps = Arrays.copyOf(steps, 2 * n);
        StepMetrics m = parse(columns, line);
        steps[n] = m == null ? Long.MAX_VALUE : m.step();
      }
    }
    if (!tornTail) return new Scan(header, steps, n);
    return n == 0 ? new Scan(null, steps, 0) : new Scan(header, steps, n - 1);
  }

  /**
   * Streams the rows up to {@code lastStep}, steps strictly increasing: where the step goes back (a
   * file an older auxloss resumed by appending), the later rows replace the earlier ones from that
   * step on. Two passes ({@link #scan}, then this one), so a long run's file is never held in
   * memory.
   */
  private static void history(Path file, Scan scan, long lastStep, RowSink sink)
      throws IOException {
    if (scan.header() == null) return;
    boolean[] keep = new boolean[scan.rows()];
    long later = Long.MAX_VALUE; // the smallest step a later row logged
    for (int i = scan.rows() - 1; i >= 0; i--) {
      long step = scan.steps()[i];
      if (step > lastStep) continue;
      keep[i] = step < later;
      later = step;
    }
    String[] columns = scan.header().split(",", -1);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      in.readLine();
      String line;
      for (int i = 0; i < keep.length && (line = in.readLine()) != null; i++) {
        if (keep[i]) sink.accept(line, parse(columns, line));
      }
    }
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      if (ch.size() == 0) return true;
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.position(ch.size() - 1).read(last);
      return last.get(0) == '\n';
    }
  }

  /** A row's metrics, or null for a line this writer did not finish. */
  private static StepMetrics parse(String[] header, String line) {
    String[] cells = line.split(",", -1);
    if (cells.length != header.length) return null;
    try {
      Map<String, Double> scalars = new LinkedHashMap<>();
      for (int i = 2; i < cells.length; i++) {
        if (!cells[i].isEmpty()) scalars.put(header[i], Double.parseDouble(cells[i]));
      }
      return new StepMetrics(Long.parseLong(cells[0]), Double.parseDouble(cells[1]), scalars);
    } catch (NumberFormatException torn) {
      return null;
    }
  }

  @Override
  public void onStep(StepMetrics m) {
    if (!summaries.due(m.step())) return;
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
      String header =
          scan(file).header(); // the first line, without reading a long run's file whole
      List<String> cols = new ArrayList<>(List.of(header.split(",", -1)));
      columns = cols.subList(2, cols.size());
    } else {
      columns = new ArrayList<>(new TreeSet<>(first.scalars().keySet()));
    }
    writer =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
