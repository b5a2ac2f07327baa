package dev.auxloss.datasets.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.params.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;

/** Framing and CRCs: what a good file gives back, and where a bad one is bad. */
class TfRecordReaderTest {
  @TempDir Path dir;

  /** Records of 3 different lengths; record i starts at byte offsets()[i]. */
  static List<Example> examples() {
    return List.of(
        Fixtures.example("x", new float[] {1}),
        Fixtures.example("x", new float[] {1, 2, 3}),
        Fixtures.example("y", 7L));
  }

  static long offsetOf(int record) {
    return Fixtures.offsetOf(examples(), record);
  }

  static List<byte[]> readAll(Path file, Compression c) {
    List<byte[]> out = new ArrayList<>();
    try (TfRecordReader r = TfRecordReader.open(file, c, "train")) {
      for (byte[] rec; (rec = r.next()) != null; ) out.add(rec);
    }
    return out;
  }

  @Test
  void readsBackWhatTheWriterWroteAndSkipsByLength() {
    Path file = Fixtures.write(dir.resolve("a.tfrecord"), examples(), false);
    List<byte[]> got = readAll(file, Compression.NONE);
    assertThat(got).hasSize(3);
    for (int i = 0; i < 3; i++) assertThat(got.get(i)).isEqualTo(examples().get(i).toByteArray());
    try (TfRecordReader r = TfRecordReader.open(file, Compression.NONE, "train")) {
      int n = 0;
      while (r.skip()) {
        assertThat(r.recordOffset()).isEqualTo(offsetOf(n));
        n++;
      }
      assertThat(n).isEqualTo(3);
    }
  }

  @Test
  void readsGzipFiles() {
    Path file = Fixtures.write(dir.resolve("a.tfrecord.gz"), examples(), true);
    assertThat(readAll(file, Compression.GZIP)).hasSize(3);
  }

  @Test
  void aBadDataCrcNamesTheFileTheRecordAndItsByteOffset() throws IOException {
    Path file = Fixtures.write(dir.resolve("a.tfrecord"), examples(), false);
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offsetOf(1) + 12 + 2] ^= 0x10; // a bit of record 1's data
    Files.write(file, bytes);
    assertThatThrownBy(() -> readAll(file, Compression.NONE))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e -> assertThat(((ConfigException) e).errors().get(0).field()).isEqualTo("train"))
        .hasMessageContaining(
            file + ": record 1 at byte " + offsetOf(1) + ": corrupt record: data CRC mismatch");
  }

  @Test
  void aBadLengthCrcIsCaughtBeforeTheLengthIsTrusted() throws IOException {
    Path file = Fixtures.write(dir.resolve("a.tfrecord"), examples(), false);
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offsetOf(2) + 5] = 0x7f; // record 2's length: a huge number
    Files.write(file, bytes);
    assertThatThrownBy(() -> readAll(file, Compression.NONE))
        .hasMessageContaining(
            file + ": record 2 at byte " + offsetOf(2) + ": corrupt record: length CRC mismatch");
    // Counting by skipping checks the length's CRC too.
    assertThatThrownBy(
            () -> {
              try (TfRecordReader r = TfRecordReader.open(file, Compression.NONE, "train")) {
                while (r.skip()) {
                  /* count */
                }
              }
            })
        .hasMessageContaining(
            "record 2 at byte " + offsetOf(2) + ": corrupt record: length CRC mismatch");
  }

  @Test
  void aTruncatedFileSaysSoAndWhere() throws IOException {
    Path file = Fixtures.write(dir.resolve("a.tfrecord"), examples(), false);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
    assertThatThrownBy(() -> readAll(file, Compression.NONE))
        .hasMessageContaining(
            file
                + ": record 2 at byte "
                + offsetOf(2)
                + ": truncated file: the record's data CRC needs 4 bytes, the file ends after 1");
    Files.write(file, Arrays.copyOf(bytes, (int) offsetOf(1) + 7));
    assertThatThrownBy(() -> readAll(file, Compression.NONE))
        .hasMessageContaining(
            "record 1 at byte "
                + offsetOf(1)
                + ": truncated file: the record's header needs 12 bytes, the file ends after 7");
  }

  @Test
  void aTruncatedGzipFileAndAPlainFileReadAsGzipAreNamed() throws IOException {
    Path gz = Fixtures.write(dir.resolve("a.tfrecord.gz"), examples(), true);
    byte[] bytes = Files.readAllBytes(gz);
    Files.write(gz, Arrays.copyOf(bytes, bytes.length - 12));
    assertThatThrownBy(() -> readAll(gz, Compression.GZIP))
        .hasMessageContaining(gz + ": ")
        .hasMessageContaining("truncated file");
    Path plain = Fixtures.write(dir.resolve("b.tfrecord"), examples(), false);
    assertThatThrownBy(() -> readAll(plain, Compression.GZIP))
        .hasMessageContaining(plain + ": not a gzip file");
  }
}
