package dev.auxloss.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.testing.FromConfig;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  private static float[] floats(Batch b, String f) {
    return ((HostTensor.Floats) b.get(f)).values();
  }

  private static int[] ints(Batch b, String f) {
    return ((HostTensor.Ints) b.get(f)).values();
  }

  @Test
  void fashionMnistSplitsSpecsAndBatches() {
    Dataset d = FromConfig.dataset(FashionMnistDatasetFactory.classification());
    assertThat(d.size(Split.TRAIN)).isEqualTo(55000);
    assertThat(d.size(Split.VALIDATION)).isEqualTo(5000);
    assertThat(d.size(Split.TEST)).isEqualTo(10000);
    assertThat(d.specs())
        .extracting(TensorSpec::name)
        .containsExactly("image", "label", "label_mask");
    assertThat(d.modelHints()).containsEntry("num_classes", 10.0);
    assertThat(d.classCounts()).containsExactly(new ClassCount("label", 10, "num_classes"));
    Batch b = d.batches(Split.TRAIN, 64, 7).next();
    assertThat(b.get("image").shape().asArray()).containsExactly(64, 28, 28, 1);
    for (float v : floats(b, "image")) assertThat(v).isBetween(0f, 1f);
    assertThat(floats(b, "label_mask")).containsOnly(1f);
    assertThat(ints(d.batches(Split.TRAIN, 64, 7).next(), "label"))
        .containsExactly(ints(b, "label"));
    int seen = 0, last = 0;
    for (Iterator<Batch> it = d.batches(Split.TEST, 64, 0); it.hasNext(); ) {
      last = it.next().size();
      seen += last;
    }
    assertThat(seen).isEqualTo(10000);
    assertThat(last).isEqualTo(10000 % 64);
  }

  @Test
  void fashionMnistWithFivePercentOfTheLabels() {
    ImageDataset d =
        (ImageDataset)
            FromConfig.dataset(
                FashionMnistDatasetFactory.classification(),
                "label_fraction",
                0.05,
                "validation_size",
                10000);
    assertThat(d.size(Split.TRAIN)).isEqualTo(50000);
    assertThat(d.labelledCount()).isBetween(2495, 2505);
    Batch b = d.batches(Split.TRAIN, 2000, 1).next();
    float[] mask = floats(b, "label_mask");
    int[] labels = ints(b, "label");
    double labelled = 0;
    for (int i = 0; i < mask.length; i++) {
      labelled += mask[i];
      if (mask[i] == 0) assertThat(labels[i]).as("hidden label").isZero();
    }
    assertThat(labelled / mask.length).isCloseTo(0.05, within(0.02));
    assertThat(floats(d.batches(Split.VALIDATION, 100, 1).next(), "label_mask")).containsOnly(1f);
  }

  @Test
  void fashionMnistSegmentationLabelsTheItemsPixels() {
    Dataset d = FromConfig.dataset(FashionMnistDatasetFactory.segmentation(), "threshold", 0.2);
    assertThat(d.specs())
        .extracting(TensorSpec::name)
        .containsExactly("image", "label", "label_mask", "seg_label");
    assertThat(d.modelHints()).containsEntry("num_classes", 11.0);
    assertThat(d.classCounts())
        .containsExactly(
            new ClassCount("label", 10, "num_classes"),
            new ClassCount("seg_label", 11, "num_classes"));
    Batch b = d.batches(Split.TEST, 8, 0).next();
    float[] img = floats(b, "image");
    int[] seg = ints(b, "seg_label");
    int[] labels = ints(b, "label");
    for (int n = 0; n < 8; n++) {
      int foreground = 0;
      for (int p = 0; p < 784; p++) {
        int s = seg[n * 784 + p];
        assertThat(s).isEqualTo(img[n * 784 + p] > 0.2f ? labels[n] + 1 : 0);
        if (s > 0) foreground++;
      }
      assertThat(foreground).as("item %d has foreground and background", n).isBetween(50, 734);
    }
  }

  @Test
  void missingDirectoryIsAConfigErrorWithTheFix(@TempDir Path tmp) {
    Path nowhere = tmp.resolve("nowhere");
    assertThatThrownBy(
            () ->
                FromConfig.dataset(
                    FashionMnistDatasetFactory.classification(), "path", nowhere.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "1 configuration error:\n  path: "
                + nowhere
                + ": no such directory; install the Debian package dataset-fashion-mnist or set 'path'");
    assertThatThrownBy(
            () ->
                FromConfig.dataset(
                    FashionMnistDatasetFactory.classification(), "path", tmp.toString()))
        .hasMessage(
            "1 configuration error:\n  path: "
                + tmp.resolve("train-images-idx3-ubyte.gz")
                + ": no such file");
  }

  @Test
  void syntheticImagesAreReproducibleBalancedAndLabelled() {
    Dataset d =
        FromConfig.dataset(
            SyntheticDatasetFactory.classification(), "train_size", 200, "label_fraction", 0.1);
    Dataset again =
        FromConfig.dataset(
            SyntheticDatasetFactory.classification(), "train_size", 200, "label_fraction", 0.1);
    Batch a = d.batches(Split.TEST, 20, 0).next();
    assertThat(floats(again.batches(Split.TEST, 20, 0).next(), "image"))
        .containsExactly(floats(a, "image"));
    assertThat(ints(a, "label"))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(((ImageDataset) d).labelledCount()).isEqualTo(20); // 2 of the 20 per class
    Batch other =
        FromConfig.dataset(SyntheticDatasetFactory.classification(), "seed", 1)
            .batches(Split.TEST, 20, 0)
            .next();
    assertThat(floats(other, "image")).isNotEqualTo(floats(a, "image"));
    Batch train =
        d.batches(Split.TRAIN, 500, 3).next(); // longer than an epoch: reshuffled, always full
    assertThat(train.size()).isEqualTo(500);
  }

  @Test
  void syntheticSegmentationMarksThePattern() {
    Dataset d = FromConfig.dataset(SyntheticDatasetFactory.segmentation(), "noise", 0.0);
    Batch b = d.batches(Split.VALIDATION, 10, 0).next();
    float[] img = floats(b, "image");
    int[] seg = ints(b, "seg_label");
    for (int n = 0; n < 10; n++) {
      int on = 0;
      for (int p = 0; p < 784; p++) {
        int s = seg[n * 784 + p];
        assertThat(s).isIn(0, n + 1);
        assertThat(img[n * 784 + p] > 0)
            .isEqualTo(s > 0); // no noise: ink exactly where the label is
        if (s > 0) on++;
      }
      assertThat(on).as("pattern %s", SyntheticImages.CLASS_NAMES.get(n)).isBetween(15, 500);
    }
  }

  @Test
  void lightFromAboveGivesEveryImageAnUpDirection() {
    Dataset d = FromConfig.dataset(SyntheticDatasetFactory.classification(), "noise", 0.0);
    Batch b = d.batches(Split.TEST, 200, 0).next();
    float[] img = floats(b, "image");
    int brighterTop = 0;
    for (int n = 0; n < 200; n++) {
      double top = 0, bottom = 0;
      int nt = 0, nb = 0;
      for (int p = 0; p < 784; p++) {
        float v = img[n * 784 + p];
        if (v == 0) continue;
        if (p / 28 < 14) {
          top += v;
          nt++;
        } else {
          bottom += v;
          nb++;
        }
      }
      if (nt > 0 && nb > 0 && top / nt > bottom / nb) brighterTop++;
    }
    assertThat(brighterTop).isGreaterThan(180);
  }
}
