package dev.auxloss.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTest {
  /**
   * S2, S3 and S4 come from {@code alternate}: an arm always run first would carry the order's bias
   * (caches, clock ramp-up, the other arm's garbage) into every ratio, so rounds go A B, B A, A B,
   * ...
   */
  @Test
  void alternateRotatesWhichArmRunsFirstEveryRound() {
    StringBuilder ran = new StringBuilder();
    LoadGate.gating =
        false; // the order is under test, not the timing: a busy CI machine must not re-run blocks
    try {
      Bench.alternate(() -> ran.append('A'), () -> ran.append('B'));
    } finally {
      LoadGate.gating = true;
    }

    String measured = ran.substring(2 * Bench.WARMUP);
    assertThat(measured).hasSize(2 * Bench.ROUNDS * Bench.BLOCK);
    List<String> rounds = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int r = 0; r < Bench.ROUNDS; r++) {
      int at = 2 * r * Bench.BLOCK;
      String first = measured.substring(at, at + Bench.BLOCK);
      String second = measured.substring(at + Bench.BLOCK, at + 2 * Bench.BLOCK);
      rounds.add(first.charAt(0) + " " + second.charAt(0));
      assertThat(first).as("round %d, first block", r).matches("(A+|B+)");
      assertThat(second).as("round %d, second block", r).matches("(A+|B+)");
      expected.add(r % 2 == 0 ? "A B" : "B A");
    }
    assertThat(rounds).containsExactlyElementsOf(expected);
  }
}
