package dev.auxloss.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.params.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  /** An IDX file: magic, dimensions, then {@code body}, gzip-compressed. */
  private Path idx(String name, int magic, int[] dims, byte[] body) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(raw);
    out.writeInt(magic);
    for (int d : dims) out.writeInt(d);
    out.write(body);
    Path file = dir.resolve(name);
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
      gz.write(raw.toByteArray());
    }
    return file;
  }

  private static byte[] bytes(int n, int start) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (start + i);
    return b;
  }

  private static String single(String message) {
    return "1 configuration error:\n  path: " + message;
  }

  @Test
  void readsImagesWithTheirLabels() throws IOException {
    Path images = idx("img.gz", 0x803, new int[] {3, 2, 2}, bytes(12, 250));
    Path labels = idx("lbl.gz", 0x801, new int[] {3}, new byte[] {7, 0, 9});
    IdxReader.Images set = IdxReader.readPair(images, labels);
    assertThat(set.count()).isEqualTo(3);
    assertThat(set.rows()).isEqualTo(2);
    assertThat(set.cols()).isEqualTo(2);
    assertThat(set.pixel(0, 0)).isEqualTo(250);
    assertThat(set.pixel(1, 2)).isEqualTo(0); // 250 + 6 wraps: unsigned bytes
    assertThat(set.label(2)).isEqualTo(9);
  }

  @Test
  void wrongMagicNumberNamesTheFile() throws IOException {
    Path labels = idx("lbl.gz", 0x801, new int[] {3}, new byte[3]);
    assertThatThrownBy(() -> IdxReader.readImages(labels))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            single(
                labels + ": not an IDX image file: magic number 0x00000801, expected 0x00000803"));
    Path images = idx("img.gz", 0x803, new int[] {1, 1, 1}, new byte[1]);
    assertThatThrownBy(() -> IdxReader.readLabels(images))
        .hasMessage(
            single(
                images + ": not an IDX label file: magic number 0x00000803, expected 0x00000801"));
  }

  @Test
  void truncatedDataSaysWhatWasPromisedAndFound() throws IOException {
    Path images = idx("img.gz", 0x803, new int[] {3, 2, 2}, bytes(10, 0));
    assertThatThrownBy(() -> IdxReader.readImages(images))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            single(
                images + ": truncated: the header promises 3 images of 2×2 (12 bytes), found 10"));
    Path labels = idx("lbl.gz", 0x801, new int[] {5}, new byte[4]);
    assertThatThrownBy(() -> IdxReader.readLabels(labels))
        .hasMessage(single(labels + ": truncated: the header promises 5 labels, found 4"));
    Path header = idx("hdr.gz", 0x803, new int[] {3}, new byte[0]);
    assertThatThrownBy(() -> IdxReader.readImages(header))
        .hasMessage(single(header + ": truncated: the IDX header ends early"));
  }

  @Test
  void aGzipStreamCutShortIsTruncatedToo() throws IOException {
    Path whole = idx("whole.gz", 0x803, new int[] {50, 10, 10}, bytes(5000, 3));
    byte[] gz = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.gz");
    Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
    assertThatThrownBy(() -> IdxReader.readImages(cut))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            single(
                cut + ": truncated: the header promises 50 images of 10×10 (5000 bytes), found "));
  }

  @Test
  void extraBytesAreAnError() throws IOException {
    Path labels = idx("lbl.gz", 0x801, new int[] {2}, new byte[5]);
    assertThatThrownBy(() -> IdxReader.readLabels(labels))
        .hasMessage(single(labels + ": the header promises 2 labels but 3 more bytes follow"));
  }

  @Test
  void imageAndLabelCountsMustMatch() throws IOException {
    Path images = idx("img.gz", 0x803, new int[] {3, 2, 2}, bytes(12, 0));
    Path labels = idx("lbl.gz", 0x801, new int[] {2}, new byte[2]);
    assertThatThrownBy(() -> IdxReader.readPair(images, labels))
        .isInstanceOf(ConfigException.class)
        .hasMessage(single(images + " holds 3 images but " + labels + " holds 2 labels"));
  }

  @Test
  void missingAndNonGzipFiles() throws IOException {
    Path missing = dir.resolve("train-images-idx3-ubyte.gz");
    assertThatThrownBy(() -> IdxReader.readImages(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage(single(missing + ": no such file"));
    Path plain = dir.resolve("plain.idx");
    Files.write(plain, new byte[] {0, 0, 8, 3, 0, 0, 0, 0});
    assertThatThrownBy(() -> IdxReader.readImages(plain))
        .hasMessage(single(plain + ": not a gzip file"));
    assertThat(
            ((ConfigException) catchConfig(() -> IdxReader.readImages(missing)))
                .errors()
                .get(0)
                .field())
        .isEqualTo("path");
  }

  private static Throwable catchConfig(Runnable r) {
    try {
      r.run();
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("no ConfigException");
  }

  @Test
  void readsTheInstalledFashionMnist() {
    Path base = Path.of(FashionMnistDatasetFactory.PATH.defaultValue());
    IdxReader.Images test =
        IdxReader.readPair(
            base.resolve("t10k-images-idx3-ubyte.gz"), base.resolve("t10k-labels-idx1-ubyte.gz"));
    assertThat(test.count()).isEqualTo(10000);
    assertThat(test.rows()).isEqualTo(28);
    assertThat(test.cols()).isEqualTo(28);
    int[] perClass = new int[10];
    for (int i = 0; i < test.count(); i++) perClass[test.label(i)]++;
    assertThat(perClass).containsOnly(1000); // Fashion-MNIST's test set is balanced
    // the first test item is an ankle boot (class 9), as in Zalando's README
    assertThat(test.label(0)).isEqualTo(9);
  }
}
