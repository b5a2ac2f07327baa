package dev.auxloss.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class SegmentationFolderDatasetTest {
  @TempDir Path root;

  /** An 8-bit grey PNG whose pixel (x, y) is {@code ids[y * w + x]}: a class-index mask. */
  public static void greyMask(Path file, int w, int h, int... ids) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, ids[y * w + x]);
    ImageIO.write(img, "png", file.toFile());
  }

  /** A grey mask whose left half is {@code left} and right half {@code right}. */
  static void halves(Path file, int w, int h, int left, int right) throws IOException {
    int[] ids = new int[w * h];
    for (int i = 0; i < ids.length; i++) ids[i] = i % w < w / 2 ? left : right;
    greyMask(file, w, h, ids);
  }

  /** An RGB mask, one pixel per colour in a row. */
  static void rgbMask(Path file, Color... colours) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage img = new BufferedImage(colours.length, 1, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < colours.length; x++) img.setRGB(x, 0, colours[x].getRGB());
    ImageIO.write(img, "png", file.toFile());
  }

  private static void image(Path file, int w, int h) throws IOException {
    ImageFolderDatasetTest.image(file, w, h, Color.GRAY, "png");
  }

  private Dataset create(Object... params) {
    SegmentationFolderDatasetFactory f = new SegmentationFolderDatasetFactory();
    return f.create(Params.parse(f.descriptor().params(), Params.of(params).values()));
  }

  private static int[] seg(Batch b) {
    return ((HostTensor.Ints) b.get("seg_label")).values();
  }

  @Test
  void imagesAndMasksWithASeededValidationSplitServeMapsAndTheirIgnoreIndex() throws IOException {
    for (int i = 0; i < 5; i++) {
      image(root.resolve("images/a" + i + ".png"), 4, 2);
      halves(root.resolve("masks/a" + i + ".png"), 4, 2, i % 3, 255);
    }
    Dataset d = create("path", root.toString(), "classes", 3, "validation_split", 0.2);
    assertThat(d.size(Split.TRAIN)).isEqualTo(4);
    assertThat(d.size(Split.VALIDATION)).isEqualTo(1);
    assertThat(d.size(Split.TEST)).isZero();
    assertThat(d.specs())
        .extracting(TensorSpec::name)
        .containsExactly("image", "label_mask", "seg_label");
    assertThat(d.specs().get(2).shape().asArray()).containsExactly(2, 4);
    assertThat(d.modelHints()).containsEntry("num_classes", 3.0);
    assertThat(d.classCounts())
        .containsExactly(new ClassCount("seg_label", 3, "num_classes", OptionalInt.of(255)));
    Iterator<Batch> it = d.batches(Split.TRAIN, 4, 0);
    int[] maps = seg(it.next());
    for (int b = 0; b < 4; b++) {
      int left = maps[b * 8];
      assertThat(left).isBetween(0, 2);
      assertThat(maps).containsSubsequence(left, left, 255, 255, left, left, 255, 255);
    }
  }

  @Test
  void masksAreResizedByNearestNeighbourNeverInterpolated() throws IOException {
    image(root.resolve("train/images/x.png"), 4, 4);
    greyMask(
        root.resolve("train/masks/x.png"),
        4,
        4,
        0,
        0,
        2,
        2,
        0,
        0,
        2,
        2,
        1,
        1,
        255,
        255,
        1,
        1,
        255,
        255);
    image(root.resolve("val/images/y.jpg"), 4, 4);
    halves(root.resolve("val/masks/y.png"), 4, 4, 0, 2);
    Dataset d = create("path", root.toString(), "classes", 3, "height", 2, "width", 2);
    assertThat(seg(d.batches(Split.TRAIN, 1, 0).next())).containsExactly(0, 2, 1, 255);
    Dataset up = create("path", root.toString(), "classes", 3, "height", 8, "width", 8);
    int[] big = seg(up.batches(Split.TRAIN, 1, 0).next());
    assertThat(big).containsOnly(0, 1, 2, 255);
    assertThat(big[0]).isZero();
    assertThat(big[7]).isEqualTo(2);
    assertThat(big[63]).isEqualTo(255);
  }

  @Test
  void paletteMasksAreReadByTheirIndexAndRgbMasksThroughThePaletteParameter() throws IOException {
    image(root.resolve("train/images/p.png"), 2, 1);
    byte[] r = {0, (byte) 128, (byte) 255}, g = {0, 0, (byte) 255}, b = {0, 0, (byte) 255};
    BufferedImage indexed =
        new BufferedImage(
            2, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 3, r, g, b));
    indexed.getRaster().setSample(0, 0, 0, 1);
    indexed.getRaster().setSample(1, 0, 0, 2);
    Files.createDirectories(root.resolve("train/masks"));
    ImageIO.write(indexed, "png", root.resolve("train/masks/p.png").toFile());
    image(root.resolve("val/images/q.png"), 2, 1);
    greyMask(root.resolve("val/masks/q.png"), 2, 1, 0, 1);
    assertThat(seg(create("path", root.toString(), "classes", 3).batches(Split.TRAIN, 1, 0).next()))
        .containsExactly(1, 2);
    rgbMask(root.resolve("val/masks/q.png"), new Color(0, 0, 0), new Color(1, 1, 1));
    // the same palette PNG read through its colours; the RGB mask's (1,1,1) is not listed
    Object[] palette = {
      "path", root.toString(), "classes", 2, "palette", "0,0,0=0; 128,0,0=1; 255,255,255=255"
    };
    assertThatThrownBy(() -> create(palette))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            root.resolve("val/masks/q.png")
                + ": pixel (x 1, y 0) has colour 1,1,1, which 'palette' does not list");
    rgbMask(root.resolve("val/masks/q.png"), new Color(0, 0, 0), new Color(128, 0, 0));
    assertThat(seg(create(palette).batches(Split.TRAIN, 1, 0).next())).containsExactly(1, 255);
  }

  @Test
  void badDataNamesTheFileAndThePixel() throws IOException {
    image(root.resolve("images/a.png"), 2, 2);
    greyMask(root.resolve("masks/a.png"), 2, 2, 0, 1, 2, 255);
    image(root.resolve("images/b.png"), 2, 2);
    greyMask(root.resolve("masks/b.png"), 2, 2, 0, 0, 0, 0);
    String path = root.toString();
    assertThat(create("path", path, "classes", 3, "validation_split", 0.5).size(Split.TRAIN))
        .isOne();
    assertThatThrownBy(() -> create("path", path, "classes", 2, "validation_split", 0.5))
        .hasMessageContaining(
            root.resolve("masks/a.png")
                + ": pixel (x 0, y 1) holds class 2, but classes is 2 (ids 0..1) and ignore_index is 255");
    assertThatThrownBy(
            () -> create("path", path, "classes", 3, "ignore_index", 2, "validation_split", 0.5))
        .hasMessageContaining("ignore_index: must be >= classes (3), found 2");
    assertThatThrownBy(
            () -> create("path", path, "classes", 3, "palette", "1,2=0", "validation_split", 0.5))
        .hasMessageContaining("palette: '1,2=0' is not r,g,b=class");

    greyMask(root.resolve("masks/b.png"), 3, 2, 0, 0, 0, 0, 0, 0);
    assertThatThrownBy(() -> create("path", path, "classes", 3, "validation_split", 0.5))
        .hasMessageContaining(
            root.resolve("masks/b.png") + ": the mask is 3×2 but its image b.png is 2×2");
    Files.writeString(root.resolve("masks/b.png"), "not a png");
    assertThatThrownBy(() -> create("path", path, "classes", 3, "validation_split", 0.5))
        .hasMessageContaining(root.resolve("masks/b.png") + ": cannot read the mask");
    Files.delete(root.resolve("masks/b.png"));
    assertThatThrownBy(() -> create("path", path, "classes", 3, "validation_split", 0.5))
        .hasMessageContaining(
            root.resolve("images/b.png")
                + ": no mask (expected "
                + root.resolve("masks/b.png")
                + ")");
    Files.delete(root.resolve("images/b.png"));
    greyMask(root.resolve("masks/c.png"), 2, 2, 0, 0, 0, 0);
    assertThatThrownBy(() -> create("path", path, "classes", 3, "validation_split", 0.5))
        .hasMessageContaining(root.resolve("masks/c.png") + ": a mask without an image");
    Files.delete(root.resolve("masks/c.png"));
    image(root.resolve("images/b.png"), 2, 2);
    greyMask(root.resolve("masks/b.png"), 2, 2, 0, 0, 0, 0);
    Files.writeString(root.resolve("images/a.png"), "not a png");
    assertThatThrownBy(() -> create("path", path, "classes", 3, "validation_split", 0.5))
        .hasMessageContaining(root.resolve("images/a.png") + ": cannot read the image");
  }

  @Test
  void anEmptySplitAndAMissingMasksFolderAreErrorsNamingTheFolder() throws IOException {
    image(root.resolve("train/images/a.png"), 2, 2);
    greyMask(root.resolve("train/masks/a.png"), 2, 2, 0, 0, 0, 0);
    Files.createDirectories(root.resolve("val/images"));
    Files.createDirectories(root.resolve("val/masks"));
    assertThatThrownBy(() -> create("path", root.toString(), "classes", 2))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(root.resolve("val/images") + ": no images");
    Files.delete(root.resolve("val/masks"));
    assertThatThrownBy(() -> create("path", root.toString(), "classes", 2))
        .hasMessageContaining(root.resolve("val/masks") + ": no such folder");
  }
}
