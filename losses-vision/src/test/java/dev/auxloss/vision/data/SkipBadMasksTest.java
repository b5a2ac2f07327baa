package dev.auxloss.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code on_bad_example} for segmentation-folder (issue #16 item 8): each kind of bad pair is
 * thrown as a {@link BadExample} of its kind under FAIL (the message the CLI prints,
 * BadInputSegFolderCases), and left out and counted under SKIP; a split left without pairs is still
 * an error. An image whose header reads but whose pixels do not is met when its batch is made.
 */
class SkipBadMasksTest {
  @TempDir Path root;

  private final BadExamples skip = BadExamples.of(BadExamples.Policy.SKIP);

  private Dataset create(BadExamples bad, Object... extra) {
    SegmentationFolderDatasetFactory f = new SegmentationFolderDatasetFactory();
    List<Object> params = new ArrayList<>(List.of("path", root.toString(), "classes", 3));
    params.addAll(List.of(extra));
    return f.create(
        Params.parse(f.descriptor().params(), Params.of(params.toArray()).values()), bad);
  }

  private Path image(String split, String name) throws IOException {
    Path p = root.resolve(split + "/images/" + name + ".png");
    ImageFolderDatasetTest.image(p, 4, 4, Color.GRAY, "png");
    return p;
  }

  private Path mask(String split, String name, int w, int h, int id) throws IOException {
    Path p = root.resolve(split + "/masks/" + name + ".png");
    int[] ids = new int[w * h];
    java.util.Arrays.fill(ids, id);
    SegmentationFolderDatasetTest.greyMask(p, w, h, ids);
    return p;
  }

  /** Two good training pairs (a, b) and one good validation pair (c). */
  private void folder() throws IOException {
    for (String n : new String[] {"a", "b"}) {
      image("train", n);
      mask("train", n, 4, 4, 1);
    }
    image("val", "c");
    mask("val", "c", 4, 4, 2);
  }

  /** FAIL throws {@code kind} with {@code message}; SKIP leaves 2 training pairs and counts it. */
  private void failsThenSkips(String kind, String message) {
    assertThatThrownBy(() -> create(BadExamples.failing()))
        .isInstanceOfSatisfying(BadExample.class, e -> assertThat(e.kind()).isEqualTo(kind))
        .hasMessageEndingWith("  path: " + message);
    Dataset d = create(skip);
    assertThat(d.size(Split.TRAIN)).isEqualTo(2);
    assertThat(d.size(Split.VALIDATION)).isEqualTo(1);
    assertThat(skip.counts()).isEqualTo(Map.of("train", Map.of(kind, 1L)));
    assertThat(skip.takeWarnings()).singleElement().asString().contains(message);
  }

  @Test
  void anImageWithoutItsMask() throws IOException {
    folder();
    Path lone = image("train", "d");
    failsThenSkips(
        "missing_mask", lone + ": no mask (expected " + root.resolve("train/masks/d.png") + ")");
  }

  @Test
  void aMaskWithoutItsImage() throws IOException {
    folder();
    Path lone = mask("train", "e", 4, 4, 0);
    failsThenSkips(
        "missing_image",
        lone + ": a mask without an image (no e.* in " + root.resolve("train/images") + ")");
  }

  @Test
  void anUndecodableImage() throws IOException {
    folder();
    Path broken = Files.writeString(root.resolve("train/images/f.png"), "not a png");
    mask("train", "f", 4, 4, 0);
    failsThenSkips(
        "undecodable_image", broken + ": cannot read the image: not a PNG or JPEG image");
  }

  @Test
  void anUndecodableMask() throws IOException {
    folder();
    image("train", "g");
    Path broken = Files.writeString(root.resolve("train/masks/g.png"), "not a png");
    failsThenSkips("undecodable_image", broken + ": cannot read the mask: not a PNG image");
  }

  @Test
  void aMaskOfAnotherSizeThanItsImage() throws IOException {
    folder();
    image("train", "h");
    Path small = mask("train", "h", 4, 2, 0);
    failsThenSkips(
        "mask_mismatch",
        small
            + ": the mask is 4×2 but its image h.png is 4×4; a mask labels its image's pixels,"
            + " one to one");
  }

  @Test
  void aMaskValueThatIsNoClassNorTheIgnoreIndex() throws IOException {
    folder();
    image("train", "i");
    Path seven = mask("train", "i", 4, 4, 7);
    failsThenSkips(
        "unknown_label",
        seven
            + ": pixel (x 0, y 0) holds class 7, but classes is 3 (ids 0..2) and ignore_index is"
            + " 255");
  }

  @Test
  void aColourThePaletteLacks() throws IOException {
    // 4×1 images and RGB masks, a row of colours each
    for (String n : new String[] {"train/a", "train/b", "val/c", "train/j"}) {
      String[] at = n.split("/");
      ImageFolderDatasetTest.image(
          root.resolve(at[0] + "/images/" + at[1] + ".png"), 4, 1, Color.GRAY, "png");
      Color c = n.endsWith("j") ? new Color(1, 1, 1) : Color.RED;
      SegmentationFolderDatasetTest.rgbMask(
          root.resolve(at[0] + "/masks/" + at[1] + ".png"), Color.BLACK, c, c, Color.BLACK);
    }
    Object[] palette = {"palette", "0,0,0=0; 255,0,0=1"};
    Path odd = root.resolve("train/masks/j.png");
    assertThatThrownBy(() -> create(BadExamples.failing(), palette))
        .isInstanceOfSatisfying(
            BadExample.class, e -> assertThat(e.kind()).isEqualTo("unknown_label"))
        .hasMessageEndingWith(
            "  path: "
                + odd
                + ": pixel (x 1, y 0) has colour 1,1,1, which 'palette' does not list");
    assertThat(create(skip, palette).size(Split.TRAIN)).isEqualTo(2);
    assertThat(skip.counts()).isEqualTo(Map.of("train", Map.of("unknown_label", 1L)));
  }

  @Test
  void aSplitWhoseEveryPairIsBadIsStillAnError() throws IOException {
    folder();
    Files.writeString(root.resolve("val/masks/c.png"), "no mask");
    assertThatThrownBy(() -> create(skip))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith(
            "  path: "
                + root
                + ": the validation split has no images left (on_bad_example: SKIP skipped every"
                + " one)");
  }

  /** A PNG cut after its header: its size reads, its pixels do not decode. */
  static void cutAfterHeader(Path png) throws IOException {
    byte[] bytes = Files.readAllBytes(png);
    Files.write(png, java.util.Arrays.copyOf(bytes, 40));
  }

  @Test
  void anImageWhosePixelsFailIsMetWhenItsBatchIsMadeAndReplacedByTheNext() throws IOException {
    folder();
    image("val", "d");
    mask("val", "d", 4, 4, 0);
    image("val", "e");
    mask("val", "e", 4, 4, 1);
    Path cut = root.resolve("val/images/d.png");
    cutAfterHeader(cut);

    Dataset failing = create(BadExamples.failing());
    assertThat(failing.size(Split.VALIDATION)).isEqualTo(3);
    Iterator<Batch> it = failing.batches(Split.VALIDATION, 2, 0);
    assertThatThrownBy(it::next)
        .isInstanceOfSatisfying(
            BadExample.class, e -> assertThat(e.kind()).isEqualTo("undecodable_image"))
        .hasMessageContaining("  path: " + cut + ": cannot read the image: ");

    Dataset d = create(skip);
    List<Batch> pass = new ArrayList<>();
    d.batches(Split.VALIDATION, 2, 0).forEachRemaining(pass::add);
    // c and e fill the first batch (e in d's place); nothing is left for a second
    assertThat(pass).hasSize(1);
    assertThat(((HostTensor.Ints) pass.get(0).get("seg_label")).values())
        .containsExactly(
            2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1);
    assertThat(skip.counts()).isEqualTo(Map.of("validation", Map.of("undecodable_image", 1L)));
  }

  @Test
  void aTrainingSplitWhosePixelsAllFailStopsRatherThanSpinning() throws IOException {
    folder();
    cutAfterHeader(root.resolve("train/images/a.png"));
    cutAfterHeader(root.resolve("train/images/b.png"));
    Dataset d = create(skip);
    Iterator<Batch> it = d.batches(Split.TRAIN, 2, 0);
    assertThatThrownBy(it::next)
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith(
            "  path: the train split has no images left: every one fails to decode"
                + " (on_bad_example: SKIP skipped them)");
    assertThat(skip.counts()).isEqualTo(Map.of("train", Map.of("undecodable_image", 2L)));
  }
}
