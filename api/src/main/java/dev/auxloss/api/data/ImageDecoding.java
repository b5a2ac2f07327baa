package dev.auxloss.api.data;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * PNG/JPEG bytes to float32 {@code [H,W,C]} in [0, 1], as {@code tf.io.decode_image} followed by
 * {@code tf.image.convert_image_dtype} gives them: samples times 1/max (max 255, or 65535 for
 * 16-bit PNGs; a product, as convert_image_dtype computes it, so the floats agree bit for bit).
 * Grey is replicated to RGB, RGB turned grey with TensorFlow's {@code rgb_to_grayscale} weights,
 * alpha dropped; an image of another size is resized bilinearly with half-pixel centres ({@code
 * tf.image.resize}'s default). Every dataset that reads images uses it, so training and {@code
 * auxloss predict} see the same pixels TensorFlow's own ops would.
 */
public final class ImageDecoding {
  private ImageDecoding() {}

  /**
   * Fills {@code out[at, at + h*w*c)}; an image ImageIO cannot read is an {@link
   * IllegalArgumentException}.
   */
  public static void decode(byte[] bytes, int h, int w, int c, float[] out, int at) {
    BufferedImage image;
    try {
      // In memory: ImageIO.read(InputStream) caches the stream in a temporary file by default.
      image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot decode the image (" + bytes.length + " bytes): " + e.getMessage());
    }
    if (image == null) {
      throw new IllegalArgumentException("not a PNG or JPEG image (" + bytes.length + " bytes)");
    }
    int sh = image.getHeight();
    int sw = image.getWidth();
    float[] pixels = channels(image, c);
    if (sh == h && sw == w) {
      System.arraycopy(pixels, 0, out, at, h * w * c);
    } else {
      resize(pixels, sh, sw, c, out, at, h, w);
    }
  }

  /** The image's pixels, row-major {@code [H,W,c]} in [0, 1]. */
  private static float[] channels(BufferedImage image, int c) {
    int h = image.getHeight();
    int w = image.getWidth();
    float[] rgb = new float[h * w * 3];
    int bands = image.getColorModel().getNumColorComponents();
    if (image.getColorModel() instanceof ComponentColorModel cm && (bands == 1 || bands == 3)) {
      // The stored samples as they are: getRGB would gamma-convert ImageIO's linear grey.
      Raster r = image.getRaster();
      float scale = 1f / ((1 << cm.getComponentSize(0)) - 1);
      float[] px = new float[r.getNumBands()];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          r.getPixel(x, y, px);
          for (int b = 0; b < bands; b++) rgb[(y * w + x) * 3 + b] = px[b] * scale;
        }
      }
    } else {
      bands = 3; // palette and packed images: through sRGB
      float scale = 1f / 255;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int argb = image.getRGB(x, y);
          int i = (y * w + x) * 3;
          rgb[i] = ((argb >> 16) & 0xff) * scale;
          rgb[i + 1] = ((argb >> 8) & 0xff) * scale;
          rgb[i + 2] = (argb & 0xff) * scale;
        }
      }
    }
    float[] out = new float[h * w * c];
    for (int p = 0; p < h * w; p++) {
      float r = rgb[p * 3];
      if (bands == 1) {
        for (int k = 0; k < c; k++) out[p * c + k] = r;
      } else if (c == 3) {
        System.arraycopy(rgb, p * 3, out, p * 3, 3);
      } else {
        out[p] = 0.2989f * r + 0.587f * rgb[p * 3 + 1] + 0.114f * rgb[p * 3 + 2];
      }
    }
    return out;
  }

  /** Bilinear resize with half-pixel centres. */
  private static void resize(
      float[] src, int sh, int sw, int c, float[] out, int at, int h, int w) {
    float sy = (float) sh / h;
    float sx = (float) sw / w;
    for (int y = 0; y < h; y++) {
      float fy = Math.max(0, (y + 0.5f) * sy - 0.5f);
      int y0 = Math.min((int) fy, sh - 1);
      int y1 = Math.min(y0 + 1, sh - 1);
      float dy = fy - y0;
      for (int x = 0; x < w; x++) {
        float fx = Math.max(0, (x + 0.5f) * sx - 0.5f);
        int x0 = Math.min((int) fx, sw - 1);
        int x1 = Math.min(x0 + 1, sw - 1);
        float dx = fx - x0;
        for (int k = 0; k < c; k++) {
          float top = src[(y0 * sw + x0) * c + k] * (1 - dx) + src[(y0 * sw + x1) * c + k] * dx;
          float bottom = src[(y1 * sw + x0) * c + k] * (1 - dx) + src[(y1 * sw + x1) * c + k] * dx;
          out[at + (y * w + x) * c + k] = top * (1 - dy) + bottom * dy;
        }
      }
    }
  }
}
