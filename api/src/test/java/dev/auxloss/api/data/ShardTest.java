package dev.auxloss.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardTest {
  static List<Integer> dealt(Shard s, int n) {
    List<Integer> out = new ArrayList<>();
    s.roundRobin(java.util.stream.IntStream.range(0, n).boxed().iterator())
        .forEachRemaining(out::add);
    return out;
  }

  @Test
  void roundRobinDealsEveryNthElementStartingAtTheIndex() {
    assertThat(dealt(new Shard(0, 3), 8)).containsExactly(0, 3, 6);
    assertThat(dealt(new Shard(2, 3), 8)).containsExactly(2, 5);
    assertThat(dealt(Shard.ALONE, 4)).containsExactly(0, 1, 2, 3);
  }

  @Test
  void theIndexMustBeAWorkerOfTheCount() {
    assertThatThrownBy(() -> new Shard(2, 2)).hasMessage("index must be in [0, 2), found 2");
    assertThatThrownBy(() -> new Shard(0, 0)).hasMessage("count must be >= 1, found 0");
  }
}
