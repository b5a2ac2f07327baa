package dev.auxloss.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class BatchBoundsTest {
  /** 100 training examples of a 28×28 image and a label: 3140 bytes each. */
  static final Dataset IMAGES =
      new Dataset() {
        @Override
        public List<TensorSpec> specs() {
          return List.of(
              new TensorSpec("image", TFloat32.class, Shape.of(28, 28, 1)),
              new TensorSpec("label", TInt32.class, Shape.scalar()));
        }

        @Override
        public int size(Split split) {
          return 100;
        }

        @Override
        public Iterator<Batch> batches(Split split, int batchSize, long seed) {
          throw new UnsupportedOperationException("the bounds read specs and sizes only");
        }
      };

  @Test
  void aBatchIsAtMostOneWorkersShareOfTheSplit() {
    assertThat(BatchBounds.shardError(100, 100, 1)).isEmpty();
    assertThat(BatchBounds.shardError(100, 101, 1))
        .hasValue("must be at most the 100 examples of the training split, found 101");
    assertThat(BatchBounds.shardError(100, 33, 3)).isEmpty();
    assertThat(BatchBounds.shardError(100, 34, 3))
        .hasValue(
            "must be at most one worker's share of the training "
                + "split (100 examples / 3 workers = 33), as each worker takes whole batches of its share, found 34");
  }

  @Test
  void theBatchesThePipelineHoldsMustFitTheBudget() {
    // 3140 bytes × 10 examples × (4 prefetched + 3) = 219 800 bytes
    assertThat(BatchBounds.memoryError(IMAGES, 10, 4, 219_800)).isEmpty();
    assertThat(BatchBounds.memoryError(IMAGES, 10, 4, 219_799))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith(
                        "a batch of 10 takes 30.7 KB on the host (3140 bytes an example) and the input pipeline holds "
                            + "7 at once (runtime.prefetch_batches 4 + 3): 214.6 KB, over the host memory budget of 214.6 KB")
                    .contains("lower data.batch_size (at most 9 fits)"));
  }

  @Test
  void aBillionExamplesDoNotOverflow() {
    assertThat(BatchBounds.memoryError(IMAGES, 1_000_000_000, 4, Long.MAX_VALUE / 2)).isEmpty();
    assertThat(BatchBounds.memoryError(IMAGES, 1_000_000_000, 4, 1L << 30))
        .hasValueSatisfying(m -> assertThat(m).contains("takes 2.9 TB", "at most 48850 fits"));
  }

  @Test
  void theDefaultBudgetIsHalfTheMaxHeap() {
    assertThat(BatchBounds.defaultBudget()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
  }
}
