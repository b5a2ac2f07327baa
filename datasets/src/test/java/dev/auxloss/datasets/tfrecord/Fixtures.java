package dev.auxloss.datasets.tfrecord;

import com.google.protobuf.ByteString;
import dev.auxloss.tf.summary.TfRecordWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * Test data written by the project's own TFRecord writer ({@code tf-backend}'s {@link
 * TfRecordWriter}).
 */
final class Fixtures {
  private Fixtures() {}

  /** {@code Fixtures.example("x", new float[] {1, 2}, "label", 3L, "image", pngBytes)}. */
  static Example example(Object... nameValues) {
    Features.Builder f = Features.newBuilder();
    for (int i = 0; i < nameValues.length; i += 2)
      f.putFeature((String) nameValues[i], feature(nameValues[i + 1]));
    return Example.newBuilder().setFeatures(f).build();
  }

  static Feature feature(Object v) {
    if (v instanceof float[] xs) {
      FloatList.Builder b = FloatList.newBuilder();
      for (float x : xs) b.addValue(x);
      return Feature.newBuilder().setFloatList(b).build();
    }
    if (v instanceof long[] xs) {
      Int64List.Builder b = Int64List.newBuilder();
      for (long x : xs) b.addValue(x);
      return Feature.newBuilder().setInt64List(b).build();
    }
    if (v instanceof Long x) return feature(new long[] {x});
    if (v instanceof byte[] bytes) {
      return Feature.newBuilder()
          .setBytesList(BytesList.newBuilder().addValue(ByteString.copyFrom(bytes)))
          .build();
    }
    throw new IllegalArgumentException("unsupported feature value " + v);
  }

  static Path write(Path file, List<Example> examples, boolean gzip) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (OutputStream raw = Files.newOutputStream(file);
          OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
        TfRecordWriter w = new TfRecordWriter(out);
        for (Example e : examples) w.write(e.toByteArray());
        w.flush();
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The byte offset of record {@code record} in a plain file {@link #write} made of {@code
   * examples}.
   */
  static long offsetOf(List<Example> examples, int record) {
    long at = 0;
    for (int i = 0; i < record; i++)
      at += 16 + examples.get(i).getSerializedSize(); // 12 header + 4 CRC bytes
    return at;
  }

  /** A random PNG of {@code h}×{@code w} with {@code c} channels (1 grey, 3 RGB). */
  static byte[] png(int h, int w, int c, long seed) {
    Random rnd = new Random(seed);
    BufferedImage img =
        new BufferedImage(
            w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] px = new int[c];
        for (int k = 0; k < c; k++) px[k] = rnd.nextInt(256);
        img.getRaster().setPixel(x, y, px);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
