package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ConfigException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelRangeTest {
  /** Per-pixel ids [2, 2] for 3 classes; batches given by the test. */
  static class Pixels implements Dataset {
    private final List<Batch> batches;

    Pixels(List<Batch> batches) {
      this.batches = batches;
    }

    @Override
    public List<TensorSpec> specs() {
      return List.of();
    }

    @Override
    public int size(Split split) {
      return batches.size();
    }

    @Override
    public Iterator<Batch> batches(Split split, int batchSize, long seed) {
      return batches.iterator();
    }

    @Override
    public List<ClassCount> classCounts() {
      return List.of(new ClassCount("seg", 3, "num_classes"));
    }
  }

  static Batch pixels(int... ids) {
    return new Batch(Map.of("seg", HostTensor.ints(ids, ids.length / 4, 2, 2)));
  }

  @Test
  void anIdOutsideTheClassesStopsAtItsBatchNamingExampleAndValue() {
    Pixels d = new Pixels(List.of(pixels(0, 1, 2, 2, 0, 0, 0, 0), pixels(0, 0, 0, 0, 1, 1, 3, 1)));
    Iterator<Batch> it = LabelRange.checked(d.batches(Split.TRAIN, 2, 1), d, "pixels", "training");
    assertThat(it.next()).isNotNull();
    assertThatThrownBy(it::next)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "data.dataset (pixels): field 'seg' holds 3 in example 1 of training batch 2 (step 2); "
                + "class ids must be in [0, 3): the dataset declares 3 classes");
  }

  @Test
  void theIgnoreIndexTheDatasetDeclaresPassesAndNoOtherOutOfRangeId() {
    Dataset masks =
        new Pixels(List.of(pixels(0, 255, 2, 255), pixels(0, 254, 1, 1))) {
          @Override
          public List<ClassCount> classCounts() {
            return List.of(new ClassCount("seg", 3, "num_classes", java.util.OptionalInt.of(255)));
          }
        };
    Iterator<Batch> it =
        LabelRange.checked(masks.batches(Split.TRAIN, 1, 1), masks, "m", "training");
    assertThat(it.next()).isNotNull();
    assertThatThrownBy(it::next)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "field 'seg' holds 254 in example 0 of training batch 2 (step 2); class ids must be in"
                + " [0, 3) or be the ignore index 255");
    assertThatThrownBy(() -> new ClassCount("seg", 3, "num_classes", java.util.OptionalInt.of(2)))
        .hasMessage("the ignore index must not be a class id in [0, 3), found 2");
  }

  @Test
  void aDatasetWithoutClassCountsIsNotChecked() {
    Dataset plain =
        new Pixels(List.of(pixels(7, 7, 7, 7))) {
          @Override
          public List<ClassCount> classCounts() {
            return List.of();
          }
        };
    assertThat(
            LabelRange.checked(plain.batches(Split.TRAIN, 1, 1), plain, "plain", "training").next())
        .isNotNull();
  }
}
