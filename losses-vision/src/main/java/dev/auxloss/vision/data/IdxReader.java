package dev.auxloss.vision.data;

import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads gzip-compressed IDX files, the format of MNIST and Fashion-MNIST (LeCun et al.; Xiao et al.
 * 2017): a big-endian header — magic number {@code 0x00000803} for unsigned-byte images (3
 * dimensions) or {@code 0x00000801} for labels (1 dimension), then each dimension's size — followed
 * by the bytes.
 *
 * <p>Every problem is a {@link ConfigException} on the {@code path} parameter that names the file:
 * a missing file, a file that is not gzip, a wrong magic number, data shorter than the header
 * promises (or longer), and — for {@link #readPair} — image and label files of different lengths.
 *
 * <pre>{@code
 * IdxReader.Images train = IdxReader.readPair(dir.resolve("train-images-idx3-ubyte.gz"),
 *     dir.resolve("train-labels-idx1-ubyte.gz"));   // 60000 images of 28×28 for Fashion-MNIST
 * }</pre>
 */
public final class IdxReader {
  public static final int IMAGES_MAGIC = 0x00000803;
  public static final int LABELS_MAGIC = 0x00000801;

  /** The config parameter every error is reported on. */
  public static final String FIELD = "path";

  private IdxReader() {}

  /**
   * Images with their labels, row-major unsigned bytes.
   *
   * @param count number of images
   * @param rows image height
   * @param cols image width
   * @param pixels {@code count·rows·cols} bytes, 0 = background
   * @param labels one byte per image, or null when read without labels
   */
  public record Images(int count, int rows, int cols, byte[] pixels, byte[] labels) {
    public int pixel(int image, int index) {
      return pixels[image * rows * cols + index] & 0xff;
    }

    public int label(int image) {
      return labels[image] & 0xff;
    }
  }

  /** Reads an image file and its label file and checks that they hold the same number of items. */
  public static Images readPair(Path imageFile, Path labelFile) {
    Images images = readImages(imageFile);
    byte[] labels = readLabels(labelFile);
    if (labels.length != images.count()) {
      throw error(
          imageFile
              + " holds "
              + images.count()
              + " images but "
              + labelFile
              + " holds "
              + labels.length
              + " labels");
    }
    return new Images(images.count(), images.rows(), images.cols(), images.pixels(), labels);
  }

  /** An IDX3 unsigned-byte image file. */
  public static Images readImages(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = header(in, file);
      if (magic != IMAGES_MAGIC) throw wrongMagic(file, "image", magic, IMAGES_MAGIC);
      int count = dimension(in, file);
      int rows = dimension(in, file);
      int cols = dimension(in, file);
      long size = (long) count * rows * cols;
      if (size > Integer.MAX_VALUE - 8)
        throw error(file + ": " + count + " images of " + rows + "×" + cols + " are too many");
      byte[] pixels =
          body(
              in,
              file,
              (int) size,
              "the header promises "
                  + count
                  + " images of "
                  + rows
                  + "×"
                  + cols
                  + " ("
                  + size
                  + " bytes)");
      return new Images(count, rows, cols, pixels, null);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /** An IDX1 unsigned-byte label file. */
  public static byte[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      int magic = header(in, file);
      if (magic != LABELS_MAGIC) throw wrongMagic(file, "label", magic, LABELS_MAGIC);
      int count = dimension(in, file);
      return body(in, file, count, "the header promises " + count + " labels");
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    var notFile = DataPaths.notAFile(file);
    if (notFile.isPresent()) throw error(file + ": " + notFile.get());
    InputStream raw = Files.newInputStream(file);
    try {
      return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
    } catch (ZipException | EOFException e) {
      raw.close();
      throw error(file + ": not a gzip file");
    }
  }

  private static int header(DataInputStream in, Path file) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw error(file + ": truncated: no IDX header");
    }
  }

  private static int dimension(DataInputStream in, Path file) throws IOException {
    int d;
    try {
      d = in.readInt();
    } catch (EOFException e) {
      throw error(file + ": truncated: the IDX header ends early");
    }
    if (d < 0) throw error(file + ": negative dimension " + d + " in the IDX header");
    return d;
  }

  private static byte[] body(DataInputStream in, Path file, int size, String promise)
      throws IOException {
    byte[] out = new byte[size];
    int got = 0;
    try {
      while (got < size) {
        int n = in.read(out, got, size - got);
        if (n < 0) break;
        got += n;
      }
    } catch (EOFException e) {
      // a gzip stream cut short: report what was decoded
    }
    if (got < size) throw error(file + ": truncated: " + promise + ", found " + got);
    long extra = 0;
    byte[] buf = new byte[8192];
    for (int n; (n = in.read(buf)) > 0; ) extra += n;
    if (extra > 0) throw error(file + ": " + promise + " but " + extra + " more bytes follow");
    return out;
  }

  private static ConfigException wrongMagic(Path file, String kind, int found, int expected) {
    return error(
        String.format(
            "%s: not an IDX %s file: magic number 0x%08x, expected 0x%08x",
            file, kind, found, expected));
  }

  private static ConfigException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) return error(file + ": no such file");
    return error(file + ": cannot be read: " + e.getMessage());
  }

  static ConfigException error(String message) {
    return new ConfigException(ConfigError.of(FIELD, message));
  }
}
