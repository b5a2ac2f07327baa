package dev.auxloss.vision.data;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.ImageDecoding;
import dev.auxloss.api.params.ConfigError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * PNG and JPEG files: which files are images, their size from the header, and their pixels through
 * {@link ImageDecoding} (the JDK's {@code javax.imageio}: no native decoder to install).
 */
public final class ImageFiles {
  private ImageFiles() {}

  /** The extensions read, lower case. */
  public static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  /**
   * {width, height} from the file's header without decoding its pixels; a {@link BadExample} naming
   * it otherwise.
   */
  public static int[] size(Path file, String field) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext())
        throw undecodable(file, field, "not a PNG or JPEG image");
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw undecodable(file, field, ConfigError.reason(e));
    }
  }

  /**
   * Decodes {@code file} into {@code dst[offset...]}: height·width·channels floats in [0, 1]
   * ({@link ImageDecoding}); a {@link BadExample} naming it when its pixels do not decode (its
   * header may have read fine).
   */
  public static void read(
      Path file, String field, int height, int width, int channels, float[] dst, int offset) {
    try {
      ImageDecoding.decode(Files.readAllBytes(file), height, width, channels, dst, offset);
    } catch (IOException | IllegalArgumentException e) {
      throw undecodable(file, field, ConfigError.reason(e));
    }
  }

  private static BadExample undecodable(Path file, String field, String why) {
    return new BadExample(
        BadExample.UNDECODABLE_IMAGE, field, file + ": cannot read the image: " + why);
  }
}
