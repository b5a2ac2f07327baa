package dev.auxloss.datasets.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShuffleBufferTest {
  /** 0, 1, 2, ... n-1, counting what was pulled. */
  static final class Counting implements Iterator<Integer> {
    final int n;
    int pulled;

    Counting(int n) {
      this.n = n;
    }

    @Override
    public boolean hasNext() {
      return pulled < n;
    }

    @Override
    public Integer next() {
      return pulled++;
    }
  }

  @Test
  void holdsAtMostItsCapacityAheadOfWhatItHandedOut() {
    Counting source = new Counting(100_000);
    ShuffleBuffer<Integer> b = new ShuffleBuffer<>(source, 16, 1);
    for (int k = 1; k <= 1000; k++) {
      b.next();
      assertThat(source.pulled).isLessThanOrEqualTo(k + 16);
    }
  }

  @Test
  void handsOutEveryElementOnceShuffledAndTheSameForTheSameSeed() {
    List<Integer> a = drain(new ShuffleBuffer<>(new Counting(200), 64, 7));
    assertThat(a).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).boxed().toList());
    assertThat(a).isNotEqualTo(IntStream.range(0, 200).boxed().toList());
    assertThat(drain(new ShuffleBuffer<>(new Counting(200), 64, 7))).isEqualTo(a);
    assertThat(drain(new ShuffleBuffer<>(new Counting(200), 64, 8))).isNotEqualTo(a);
    assertThat(drain(new ShuffleBuffer<>(new Counting(200), 1, 7)))
        .isEqualTo(IntStream.range(0, 200).boxed().toList());
  }

  static List<Integer> drain(Iterator<Integer> it) {
    List<Integer> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
