package dev.auxloss.bench.learning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class LabelledMixTest {
  /**
   * L6 trains its base arm and its fine-tuning phase on the labelled images alone: a batch made of
   * labelled rows only, the label's rows in the order the stream brought them.
   */
  @Test
  void labelledRowsCanFillTheWholeBatch() {
    Iterator<Batch> it = new LabelledMix(new EveryThirdLabelled(), 4).batches(Split.TRAIN, 4, 1);

    Batch b = it.next();

    assertThat(((HostTensor.Floats) b.get(LabelledMix.MASK)).values()).containsOnly(1f);
    assertThat(((HostTensor.Ints) b.get("label")).values()).containsExactly(0, 3, 6, 9);
  }

  /** An endless stream of rows 0, 1, 2, ... (label = row number); every third one is labelled. */
  private static final class EveryThirdLabelled implements Dataset {
    @Override
    public List<TensorSpec> specs() {
      return List.of(
          new TensorSpec("label", TInt32.class, Shape.scalar()),
          new TensorSpec(LabelledMix.MASK, TFloat32.class, Shape.scalar()));
    }

    @Override
    public int size(Split split) {
      return 1000;
    }

    @Override
    public Iterator<Batch> batches(Split split, int batchSize, long seed) {
      return new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Batch next() {
          int[] label = new int[batchSize];
          float[] mask = new float[batchSize];
          for (int i = 0; i < batchSize; i++, next++) {
            label[i] = next;
            mask[i] = next % 3 == 0 ? 1 : 0;
          }
          return new Batch(
              Map.of(
                  "label",
                  new HostTensor.Ints(Shape.of(batchSize), label),
                  LabelledMix.MASK,
                  new HostTensor.Floats(Shape.of(batchSize), mask)));
        }
      };
    }
  }
}
