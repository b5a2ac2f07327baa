package dev.auxloss.bench;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;

/** Writes a dataset's grayscale training images as {@code root/<label>/<n>.png} (Keras' layout). */
final class PngFolder {
  private PngFolder() {}

  static void write(Dataset source, int count, Path root) throws IOException {
    Iterator<Batch> batches = source.batches(Split.TRAIN, 100, 1);
    int n = 0;
    while (n < count) {
      Batch b = batches.next();
      HostTensor.Floats image = (HostTensor.Floats) b.get("image");
      int[] label = ((HostTensor.Ints) b.get("label")).values();
      int h = (int) image.shape().get(1);
      int w = (int) image.shape().get(2);
      for (int i = 0; i < b.size() && n < count; i++, n++) {
        BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++) {
            int v = Math.round(255 * image.values()[(i * h + y) * w + x]);
            png.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, v)));
          }
        Path dir = Files.createDirectories(root.resolve(Integer.toString(label[i])));
        if (!ImageIO.write(png, "png", dir.resolve(n + ".png").toFile()))
          throw new IOException("no PNG writer");
      }
    }
  }
}
