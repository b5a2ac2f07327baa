package dev.auxloss.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ImageFolderDatasetTest {
  @TempDir Path root;

  /** A solid {@code color} image of {@code w}×{@code h} written as {@code format} (png or jpg). */
  public static void image(Path file, int w, int h, Color color, String format) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, color.getRGB());
    ImageIO.write(img, format, file.toFile());
  }

  private Dataset create(Object... params) {
    ImageFolderDatasetFactory f = new ImageFolderDatasetFactory();
    return f.create(Params.parse(f.descriptor().params(), params));
  }

  private static float[] first(Dataset d, Split split, String field) {
    Batch b = d.batches(split, 1, 0).next();
    return ((HostTensor.Floats) b.get(field)).values();
  }

  @Test
  void classFoldersSortedIntoLabelsWithASeededValidationSplit() throws IOException {
    for (int i = 0; i < 5; i++) image(root.resolve("zebra/z" + i + ".png"), 4, 4, Color.RED, "png");
    for (int i = 0; i < 5; i++) image(root.resolve("ant/a" + i + ".PNG"), 4, 4, Color.BLUE, "png");
    Files.writeString(root.resolve("ant/notes.txt"), "not an image");
    Dataset d = create("path", root.toString(), "validation_split", 0.2);
    assertThat(d.size(Split.TRAIN)).isEqualTo(8);
    assertThat(d.size(Split.VALIDATION)).isEqualTo(2);
    assertThat(d.size(Split.TEST)).isZero();
    assertThat(d.specs().get(0).shape().asArray()).containsExactly(4, 4, 3);
    assertThat(new String(d.exportAssets().get("labels.txt"), StandardCharsets.UTF_8))
        .isEqualTo("ant\nzebra\n");
    // ant (blue) is label 0, zebra (red) label 1: every image's pixels match its label
    Iterator<Batch> it = d.batches(Split.VALIDATION, 1, 0);
    while (it.hasNext()) {
      Batch b = it.next();
      int label = ((HostTensor.Ints) b.get("label")).values()[0];
      float[] px = ((HostTensor.Floats) b.get("image")).values();
      assertThat(px[0]).isEqualTo(label == 1 ? 1f : 0f); // red channel
      assertThat(px[2]).isEqualTo(label == 0 ? 1f : 0f); // blue channel
    }
    // the same seed gives the same split
    assertThat(
            first(
                create("path", root.toString(), "validation_split", 0.2),
                Split.VALIDATION,
                "image"))
        .containsExactly(first(d, Split.VALIDATION, "image"));
  }

  @Test
  void trainValTestFoldersGreyscaleAndResized() throws IOException {
    image(root.resolve("train/cat/1.png"), 8, 6, Color.WHITE, "png");
    image(root.resolve("train/dog/1.jpg"), 8, 6, Color.BLACK, "jpg");
    image(root.resolve("val/cat/2.png"), 16, 12, Color.WHITE, "png");
    image(root.resolve("val/dog/2.png"), 16, 12, Color.BLACK, "png");
    image(root.resolve("test/dog/3.png"), 4, 3, Color.BLACK, "png");
    Dataset d = create("path", root.toString(), "color", "grayscale", "height", 3, "width", 4);
    assertThat(d.size(Split.TRAIN)).isEqualTo(2);
    assertThat(d.size(Split.VALIDATION)).isEqualTo(2);
    assertThat(d.size(Split.TEST)).isEqualTo(1);
    assertThat(d.specs().get(0).shape().asArray()).containsExactly(3, 4, 1);
    float[] cat = first(d, Split.VALIDATION, "image"); // the 16×12 white image, resized to 4×3
    assertThat(cat).hasSize(12);
    // TensorFlow's rgb_to_grayscale weights sum to 0.9999: white is 0.9999, as TF's own ops give it
    for (float v : cat) assertThat((double) v).isCloseTo(0.9999, within(1e-6));
    assertThat(((HostTensor.Ints) d.batches(Split.TEST, 1, 0).next().get("label")).values())
        .containsExactly(1);
    // by default the size is the first training image's: 8 wide, 6 high
    assertThat(create("path", root.toString()).specs().get(0).shape().asArray())
        .containsExactly(6, 8, 3);
  }

  @Test
  void badDataNamesItsPlace() throws IOException {
    image(root.resolve("train/cat/1.png"), 4, 4, Color.WHITE, "png");
    image(root.resolve("train/dog/1.png"), 4, 4, Color.BLACK, "png");
    Files.createDirectories(root.resolve("val/cat"));
    image(root.resolve("val/dog/2.png"), 4, 4, Color.BLACK, "png");
    assertThatThrownBy(() -> create("path", root.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("path: " + root.resolve("val/cat") + ": an empty class folder");

    image(root.resolve("val/cat/2.png"), 4, 4, Color.WHITE, "png");
    image(root.resolve("val/bird/2.png"), 4, 4, Color.WHITE, "png");
    assertThatThrownBy(() -> create("path", root.toString()))
        .hasMessageContaining(
            root.resolve("val/bird")
                + ": class 'bird' is not among the training classes [cat, dog]");

    Files.walk(root.resolve("val/bird"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    Files.writeString(root.resolve("train/dog/broken.png"), "PNG? no");
    assertThatThrownBy(() -> create("path", root.toString()))
        .hasMessageContaining(
            root.resolve("train/dog/broken.png")
                + ": cannot read the image: not a PNG or JPEG image");

    assertThatThrownBy(() -> create("path", root.resolve("nowhere").toString()))
        .hasMessageContaining(root.resolve("nowhere") + ": no such directory");
  }

  @Test
  void aFlatLayoutNeedsAValidationSplitAndTwoClasses() throws IOException {
    image(root.resolve("cat/1.png"), 4, 4, Color.WHITE, "png");
    assertThatThrownBy(() -> create("path", root.toString(), "validation_split", 0.5))
        .hasMessageContaining("one class folder (cat); a classifier needs two or more");
    image(root.resolve("dog/1.png"), 4, 4, Color.BLACK, "png");
    assertThatThrownBy(() -> create("path", root.toString()))
        .hasMessageContaining("set validation_split");
  }
}
