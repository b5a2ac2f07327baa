package dev.auxloss.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecodingTest {
  /** An 8×8 RGB image with pixel (x, y) = (16x, 16y, 255 - 16x - 8y). */
  static BufferedImage gradient() {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++)
        img.getRaster().setPixel(x, y, new int[] {16 * x, 16 * y, 255 - 16 * x - 8 * y});
    }
    return img;
  }

  static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static float[] decode(byte[] bytes, int h, int w, int c) {
    float[] out = new float[h * w * c];
    ImageDecoding.decode(bytes, h, w, c, out, 0);
    return out;
  }

  @Test
  void rgbPngToGreyUsesTensorFlowsWeights() {
    float[] grey = decode(encode(gradient(), "png"), 8, 8, 1);
    int x = 3;
    int y = 5;
    float expected =
        0.2989f * (16 * x / 255f)
            + 0.587f * (16 * y / 255f)
            + 0.114f * ((255 - 16 * x - 8 * y) / 255f);
    assertThat(grey[y * 8 + x]).isCloseTo(expected, within(1e-6f));
  }

  @Test
  void halvingAveragesEachTwoByTwoBlockAsHalfPixelBilinearDoes() {
    float[] full = decode(encode(gradient(), "png"), 8, 8, 3);
    float[] half = decode(encode(gradient(), "png"), 4, 4, 3);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        for (int k = 0; k < 3; k++) {
          float mean =
              (full[((2 * y) * 8 + 2 * x) * 3 + k]
                      + full[((2 * y) * 8 + 2 * x + 1) * 3 + k]
                      + full[((2 * y + 1) * 8 + 2 * x) * 3 + k]
                      + full[((2 * y + 1) * 8 + 2 * x + 1) * 3 + k])
                  / 4;
          assertThat(half[(y * 4 + x) * 3 + k])
              .as("(%d,%d,%d)", y, x, k)
              .isCloseTo(mean, within(1e-6f));
        }
      }
    }
  }

  @Test
  void decodesJpegCloseToTheOriginal() {
    float[] png = decode(encode(gradient(), "png"), 8, 8, 3);
    float[] jpeg = decode(encode(gradient(), "jpg"), 8, 8, 3);
    // Lossy (and chroma-subsampled): close on average; swapped channels would be off by ~0.4.
    double error = 0;
    for (int i = 0; i < png.length; i++) error += Math.abs(jpeg[i] - png[i]);
    assertThat(error / png.length).isLessThan(0.04);
  }

  @Test
  void bytesThatAreNoImageAreRefused() {
    assertThatThrownBy(() -> decode(new byte[] {'n', 'o', 'p', 'e'}, 2, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a PNG or JPEG image (4 bytes)");
  }
}
