package dev.auxloss.tf.summary;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.Summary;

/**
 * Writes one TensorBoard event file, {@code events.out.tfevents.<unix seconds>.<host>}, in a
 * directory: a {@code brain.Event:2} version record, then one {@link Event} per call with scalar
 * summaries ({@code simple_value}, which every TensorBoard version reads). Each call is flushed so
 * TensorBoard shows a live run. Not thread-safe: call from one thread (the training listener).
 *
 * <pre>{@code
 * try (TfEventWriter w = TfEventWriter.create(dir)) {
 *   w.scalars(10, Map.of("loss/total", 2.30)); // one event at step 10
 * }
 * }</pre>
 */
public final class TfEventWriter implements AutoCloseable {
  static final String FILE_VERSION = "brain.Event:2";

  private final Path file;
  private final OutputStream stream;
  private final TfRecordWriter records;

  private TfEventWriter(Path file, OutputStream stream) {
    this.file = file;
    this.stream = stream;
    this.records = new TfRecordWriter(stream);
  }

  /** Creates {@code dir} if needed and a new event file in it (never overwriting an older one). */
  public static TfEventWriter create(Path dir) throws IOException {
    Files.createDirectories(dir);
    long now = System.currentTimeMillis();
    String base = "events.out.tfevents." + now / 1000 + "." + host();
    for (int n = 0; ; n++) {
      Path file = dir.resolve(n == 0 ? base : base + "." + n);
      try {
        OutputStream out =
            new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
        TfEventWriter w = new TfEventWriter(file, out);
        w.write(Event.newBuilder().setWallTime(now / 1000.0).setFileVersion(FILE_VERSION).build());
        return w;
      } catch (FileAlreadyExistsException taken) {
        // a resumed run in the same second: take the next suffix
      }
    }
  }

  public Path file() {
    return file;
  }

  /**
   * One event at {@code step} holding every scalar, tags sorted; non-finite values are kept (TB
   * shows them).
   */
  public void scalars(long step, Map<String, Double> values) {
    Summary.Builder summary = Summary.newBuilder();
    new TreeMap<>(values)
        .forEach(
            (tag, v) ->
                summary.addValue(
                    Summary.Value.newBuilder().setTag(tag).setSimpleValue(v.floatValue())));
    write(
        Event.newBuilder()
            .setWallTime(System.currentTimeMillis() / 1000.0)
            .setStep(step)
            .setSummary(summary)
            .build());
  }

  /**
   * A {@code session_log { status: START }} event at {@code step}, as TensorFlow's own writers log
   * a (re)start: TensorBoard then drops every point an earlier event file holds at {@code step} or
   * later (they were logged by a run that was killed and has been resumed from an older
   * checkpoint).
   */
  public void sessionStart(long step) {
    write(
        Event.newBuilder()
            .setWallTime(System.currentTimeMillis() / 1000.0)
            .setStep(step)
            .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START))
            .build());
  }

  public void scalar(long step, String tag, double value) {
    scalars(step, Map.of(tag, value));
  }

  private void write(Event e) {
    try {
      records.write(e.toByteArray());
      records.flush();
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write TensorBoard events to " + file, ex);
    }
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }

  /** The host name part of the file name, safe in a file name; "localhost" when unknown. */
  static String host() {
    String h = System.getenv("HOSTNAME");
    if (h == null || h.isBlank()) {
      try {
        h = InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        h = "localhost";
      }
    }
    return h.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
