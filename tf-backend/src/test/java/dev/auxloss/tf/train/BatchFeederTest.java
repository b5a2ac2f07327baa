package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.Batch;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class BatchFeederTest {
  @Test
  void anErrorOnTheInputThreadReachesTheConsumer() {
    Iterator<Batch> outOfMemory =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Batch next() {
            throw new OutOfMemoryError("Cannot allocate 4000000000 bytes");
          }
        };
    // before: the thread died with a printed trace and next() said the data ended (null)
    try (BatchFeeder feeder = new BatchFeeder(outOfMemory, 2, 0)) {
      assertThatThrownBy(feeder::next)
          .isInstanceOf(OutOfMemoryError.class)
          .hasMessage("Cannot allocate 4000000000 bytes");
    }
  }
}
