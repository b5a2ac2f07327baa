package dev.auxloss.vision.data;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * PNG and JPEG files as float pixels in [0, 1], resized (bilinear) to a fixed size, grey or RGB
 * (interleaved HWC), through the JDK's {@code javax.imageio}: no native decoder to install.
 */
public final class ImageFiles {
  private ImageFiles() {}

  /** The extensions read, lower case. */
  public static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  /** {width, height} from the file's header without decoding its pixels; a ConfigException naming it otherwise. */
  public static int[] size(Path file, String field) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) throw undecodable(file, field, "not a PNG or JPEG image");
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

  /** Decodes {@code file} into {@code dst[offset...]}: height·width·channels floats in [0, 1]. */
  public static void read(Path file, int height, int width, int channels, float[] dst, int offset) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException(file + ": cannot decode the image: " + ConfigError.reason(e), e);
    }
    if (image == null) throw new IllegalStateException(file + ": cannot decode the image (not a PNG or JPEG)");
    BufferedImage sized = new BufferedImage(width, height, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY
        : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sized.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    int at = offset;
    if (channels == 1) {
      var raster = sized.getRaster();
      for (int y = 0; y < height; y++) for (int x = 0; x < width; x++) dst[at++] = raster.getSample(x, y, 0) / 255f;
      return;
    }
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = sized.getRGB(x, y);
        dst[at++] = (rgb >> 16 & 0xff) / 255f;
        dst[at++] = (rgb >> 8 & 0xff) / 255f;
        dst[at++] = (rgb & 0xff) / 255f;
      }
    }
  }

  private static ConfigException undecodable(Path file, String field, String why) {
    return new ConfigException(ConfigError.of(field, file + ": cannot read the image: " + why));
  }
}
