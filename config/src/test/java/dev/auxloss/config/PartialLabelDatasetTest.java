package dev.auxloss.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class PartialLabelDatasetTest {
  /** 1000 distinct examples, one batch; records the seed it was asked with. */
  static class Numbers implements Dataset {
    long askedSeed;

    @Override
    public List<TensorSpec> specs() {
      return List.of();
    }

    @Override
    public int size(Split split) {
      return 1000;
    }

    @Override
    public Iterator<Batch> batches(Split split, int batchSize, long seed) {
      askedSeed = seed;
      int[] x = new int[1000];
      for (int i = 0; i < x.length; i++) x[i] = i;
      return List.of(new Batch(Map.of("x", new HostTensor.Ints(Shape.of(1000), x)))).iterator();
    }
  }

  private static float[] mask(Dataset d, Split split) {
    Batch b = d.batches(split, 1000, 1).next();
    HostTensor m = b.fields().get(PartialLabelDataset.MASK);
    return m == null ? null : ((HostTensor.Floats) m).values();
  }

  @Test
  void keepsAboutTheFractionAndTheSameSubsetEachTime() {
    PartialLabelDataset d = new PartialLabelDataset(new Numbers(), 0.1, 7, 1);
    float[] first = mask(d, Split.TRAIN);
    double kept = 0;
    for (float f : first) kept += f;
    assertThat(kept).isBetween(70.0, 130.0);
    assertThat(mask(d, Split.TRAIN)).containsExactly(first);
    assertThat(mask(new PartialLabelDataset(new Numbers(), 0.1, 8, 1), Split.TRAIN))
        .isNotEqualTo(first);
  }

  @Test
  void evaluationSplitsKeepEveryLabel() {
    assertThat(mask(new PartialLabelDataset(new Numbers(), 0.1, 7, 1), Split.TEST)).isNull();
  }

  @Test
  void dataSeedShiftsTheSeedTheBackendAsksWith() {
    Numbers inner = new Numbers();
    new PartialLabelDataset(inner, 1, 7, 1).batches(Split.TRAIN, 10, 1);
    assertThat(inner.askedSeed).isEqualTo(7);
    new PartialLabelDataset(inner, 1, 7, 1).batches(Split.TRAIN, 10, 2);
    assertThat(inner.askedSeed).isEqualTo(8);
  }

  @Test
  void addsTheMaskSpecOnlyWhenLabelsAreDropped() {
    assertThat(new PartialLabelDataset(new Numbers(), 0.5, 1, 1).specs())
        .extracting(TensorSpec::name)
        .containsExactly("label_mask");
    assertThat(new PartialLabelDataset(new Numbers(), 1, 1, 1).specs()).isEmpty();
    assertThatThrownBy(() -> new PartialLabelDataset(new Numbers(), 0, 1, 1))
        .hasMessage("label fraction must be in (0, 1], found 0.0");
  }

  @Test
  void anExistingMaskIsNeverWidened() {
    Dataset masked =
        new Numbers() {
          @Override
          public Iterator<Batch> batches(Split split, int batchSize, long seed) {
            Batch b = super.batches(split, batchSize, seed).next();
            Map<String, HostTensor> f = new java.util.HashMap<>(b.fields());
            f.put("label_mask", new HostTensor.Floats(Shape.of(1000), new float[1000]));
            return List.of(new Batch(f)).iterator();
          }
        };
    List<Float> ones = new ArrayList<>();
    for (float v : mask(new PartialLabelDataset(masked, 0.9, 1, 1), Split.TRAIN))
      if (v != 0) ones.add(v);
    assertThat(ones).isEmpty();
  }

  @Test
  void forwardsTheClassCountsOfTheDataItWraps() {
    var counts = List.of(new dev.auxloss.api.data.ClassCount("x", 1000, "num_classes"));
    Dataset labelled =
        new Numbers() {
          @Override
          public List<dev.auxloss.api.data.ClassCount> classCounts() {
            return counts;
          }
        };
    assertThat(new PartialLabelDataset(labelled, 0.5, 7, 1).classCounts()).isEqualTo(counts);
  }
}
