package dev.auxloss.tf.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.Split;
import dev.auxloss.tf.train.StepMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;

class TfEventWriterTest {
  @TempDir Path dir;

  /**
   * CRC-32C of "123456789" is 0xE3069283 (the standard check value); masking rotates right 15, adds
   * a delta.
   */
  @Test
  void maskedCrcMatchesTensorFlowsDefinition() {
    byte[] check = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int crc = 0xE3069283;
    int masked = Integer.rotateRight(crc, 15) + 0xa282ead8;
    assertThat(TfRecordWriter.maskedCrc32c(check, 0, check.length)).isEqualTo(masked);
  }

  @Test
  void recordFramingIsLengthCrcDataCrc() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TfRecordWriter(out).write(new byte[] {1, 2, 3});
    ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(out.size()).isEqualTo(8 + 4 + 3 + 4);
    assertThat(b.getLong(0)).isEqualTo(3);
    assertThat(b.getInt(8)).isEqualTo(TfRecordWriter.maskedCrc32c(out.toByteArray(), 0, 8));
    assertThat(b.getInt(15)).isEqualTo(TfRecordWriter.maskedCrc32c(new byte[] {1, 2, 3}, 0, 3));
  }

  @Test
  void eventFileRoundTrips() throws IOException {
    Path file;
    try (TfEventWriter w = TfEventWriter.create(dir.resolve("tb"))) {
      w.scalars(10, Map.of("loss/total", 2.5, "term/aux/weight", 0.3));
      w.scalar(20, "loss/total", 1.25);
      file = w.file();
    }
    assertThat(file.getFileName().toString())
        .matches("events\\.out\\.tfevents\\.\\d+\\.[A-Za-z0-9._-]+");
    List<Event> events = TfEventReader.events(file);
    assertThat(events).hasSize(3);
    assertThat(events.get(0).getFileVersion()).isEqualTo("brain.Event:2");
    assertThat(events.get(1).getStep()).isEqualTo(10);
    assertThat(events.get(1).getWallTime()).isPositive();
    assertThat(TfEventReader.scalars(file))
        .containsEntry("loss/total", Map.of(10L, 2.5f, 20L, 1.25f))
        .containsEntry("term/aux/weight", Map.of(10L, 0.3f));
  }

  @Test
  void corruptDataIsDetected() throws IOException {
    Path file;
    try (TfEventWriter w = TfEventWriter.create(dir)) {
      w.scalar(1, "x", 1);
      file = w.file();
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 6] ^= 1;
    Files.write(file, bytes);
    assertThatThrownBy(() -> TfEventReader.records(file))
        .hasMessageStartingWith("corrupt data CRC at byte");
  }

  @Test
  void listenerWritesTermScalarsAtTheSummaryCadence() throws IOException {
    TfSummaryListener l = new TfSummaryListener(dir.resolve("tensorboard"), 10, 25);
    for (long step = 1; step <= 25; step++) {
      l.onStep(
          new StepMetrics(
              step,
              0.01,
              Map.of(
                  "loss/total",
                  1.0 / step,
                  "term/a/raw",
                  2.0,
                  "term/a/weight",
                  0.3,
                  "term/a/weighted",
                  0.6,
                  "term/a/grad_norm",
                  0.5)));
    }
    l.onEvaluation(25, Split.VALIDATION, Map.of("accuracy", 0.75));
    l.close();
    Path file;
    try (Stream<Path> files = Files.list(dir.resolve("tensorboard"))) {
      file = files.findFirst().orElseThrow();
    }
    Map<String, Map<Long, Float>> s = TfEventReader.scalars(file);
    assertThat(s.get("loss/total").keySet()).containsExactly(1L, 11L, 21L, 25L);
    assertThat(s)
        .containsKeys(
            "term/a/raw",
            "term/a/weight",
            "term/a/weighted",
            "term/a/grad_norm",
            "perf/steps_per_second");
    assertThat(s.get("eval/validation/accuracy")).containsEntry(25L, 0.75f);
  }

  @Test
  void aResumedListenerStartsItsFileWithSessionStartAfterTheRestoredStep() throws IOException {
    TfSummaryListener l = new TfSummaryListener(dir.resolve("tensorboard"), 1, 25);
    l.onStart(20, 25);
    l.onStep(new StepMetrics(21, 0.01, Map.of("loss/total", 1.0)));
    l.close();
    List<Event> events = TfEventReader.events(l.file());
    assertThat(events).hasSize(3);
    assertThat(events.get(0).getFileVersion()).isEqualTo(TfEventWriter.FILE_VERSION);
    // TensorBoard drops the points of older files at steps >= 21: what a killed run logged past
    // step 20
    assertThat(events.get(1).getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
    assertThat(events.get(1).getStep()).isEqualTo(21);
    assertThat(events.get(2).getStep()).isEqualTo(21);
    assertThat(events.get(2).hasSummary()).isTrue();
  }

  @Test
  void noFileUntilTheFirstWrite() {
    TfSummaryListener l = new TfSummaryListener(dir.resolve("tensorboard"), 10, 25);
    l.close();
    assertThat(dir.resolve("tensorboard")).doesNotExist();
  }
}
