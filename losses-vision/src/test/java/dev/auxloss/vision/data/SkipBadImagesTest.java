package dev.auxloss.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code on_bad_example: SKIP} for image-folder: a file that is no image is left out and counted
 * (FAIL names it: ImageFolderDatasetTest); a split left without images is still an error. An image
 * whose header reads but whose pixels do not is met when its batch is made: FAIL stops there naming
 * it, SKIP fills its place from the next image.
 */
class SkipBadImagesTest {
  @TempDir Path root;

  private final BadExamples skip = BadExamples.of(BadExamples.Policy.SKIP);

  private Dataset create(BadExamples bad) {
    ImageFolderDatasetFactory f = new ImageFolderDatasetFactory();
    return f.create(Params.parse(f.descriptor().params(), "path", root.toString()), bad);
  }

  void folders() throws IOException {
    for (String c : new String[] {"cat", "dog"}) {
      ImageFolderDatasetTest.image(root.resolve("train/" + c + "/1.png"), 4, 4, Color.WHITE, "png");
      ImageFolderDatasetTest.image(root.resolve("train/" + c + "/2.png"), 4, 4, Color.BLACK, "png");
      ImageFolderDatasetTest.image(root.resolve("val/" + c + "/3.png"), 4, 4, Color.BLACK, "png");
    }
  }

  @Test
  void anUndecodableImageIsLeftOutAndCounted() throws IOException {
    folders();
    Path broken = Files.writeString(root.resolve("train/dog/0-broken.png"), "PNG? no");
    assertThatThrownBy(() -> create(BadExamples.failing()))
        .hasMessageContaining(broken + ": cannot read the image: not a PNG or JPEG image");
    Dataset d = create(skip);
    assertThat(d.size(Split.TRAIN)).isEqualTo(4);
    assertThat(d.batches(Split.TRAIN, 4, 1).next().size()).isEqualTo(4);
    assertThat(skip.counts()).isEqualTo(Map.of("train", Map.of("undecodable_image", 1L)));
    assertThat(skip.takeWarnings()).singleElement().asString().contains(broken.toString());
  }

  @Test
  void aSplitWhoseEveryImageIsBadIsStillAnError() throws IOException {
    folders();
    for (String c : new String[] {"cat", "dog"})
      Files.writeString(root.resolve("val/" + c + "/3.png"), "no image");
    assertThatThrownBy(() -> create(skip))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "path: " + root + ": the validation split has no images left (on_bad_example: SKIP");
  }

  @Test
  void anImageWhosePixelsFailStopsItsBatchOrIsReplacedByTheNext() throws IOException {
    folders();
    Path cut = root.resolve("train/dog/3.png");
    ImageFolderDatasetTest.image(cut, 4, 4, Color.WHITE, "png");
    SkipBadMasksTest.cutAfterHeader(cut);
    Path cutVal = root.resolve("val/dog/4.png");
    ImageFolderDatasetTest.image(cutVal, 4, 4, Color.WHITE, "png");
    SkipBadMasksTest.cutAfterHeader(cutVal);

    Dataset failing = create(BadExamples.failing());
    assertThat(failing.size(Split.TRAIN)).isEqualTo(5);
    assertThatThrownBy(() -> failing.batches(Split.TRAIN, 5, 1).next())
        .isInstanceOfSatisfying(
            BadExample.class, e -> assertThat(e.kind()).isEqualTo("undecodable_image"))
        .hasMessageContaining("  path: " + cut + ": cannot read the image: ");

    Dataset d = create(skip);
    // training batches stay full: the next epoch's first image takes the bad one's place
    assertThat(d.batches(Split.TRAIN, 5, 1).next().size()).isEqualTo(5);
    List<Batch> val = new ArrayList<>();
    d.batches(Split.VALIDATION, 3, 1).forEachRemaining(val::add);
    assertThat(val).singleElement().extracting(Batch::size).isEqualTo(2);
    assertThat(skip.counts())
        .isEqualTo(
            Map.of(
                "train", Map.of("undecodable_image", 1L),
                "validation", Map.of("undecodable_image", 1L)));
  }
}
