package dev.auxloss.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A block timed while other processes took the machine is re-run once, then refused. */
class LoadGateTest {
  private static final long SECOND = 1_000_000_000L;

  @AfterEach
  void reset() {
    LoadGate.allowLoad = false;
  }

  /**
   * Blocks of one second each, this benchmark spending {@code own} s of CPU, every process {@code
   * busy}.
   */
  private static final class Machine {
    final Deque<double[]> blocks = new ArrayDeque<>(); // {busy s, own s} per block
    long busy;
    long clock;
    int ran;

    Machine(double[]... perBlock) {
      blocks.addAll(List.of(perBlock));
    }

    String run(String what) {
      return LoadGate.quiet(
          what,
          () -> {
            double[] b = blocks.removeFirst();
            ran++;
            busy += (long) (b[0] * SECOND);
            clock += SECOND;
            return new LoadGate.Block<>("block " + ran, (long) (b[1] * SECOND));
          },
          () -> busy,
          () -> clock);
    }
  }

  @Test
  void aQuietBlockRunsOnce() {
    Machine m = new Machine(new double[] {1.4, 1.0});
    assertThat(m.run("round 0")).isEqualTo("block 1");
    assertThat(m.ran).isEqualTo(1);
  }

  @Test
  void aBusyBlockIsRerunOnceAndTheQuieterTryKept() {
    Machine m = new Machine(new double[] {1.9, 1.0}, new double[] {1.2, 1.0});
    assertThat(m.run("round 0")).isEqualTo("block 2");
    assertThat(m.ran).isEqualTo(2);
  }

  @Test
  void aBlockBusyTwiceRefusesTheRatio() {
    Machine m = new Machine(new double[] {1.9, 1.0}, new double[] {1.7, 1.0});
    assertThatThrownBy(() -> m.run("round 3 of arm 'auxloss'"))
        .isInstanceOf(LoadGate.TooBusy.class)
        .hasMessage(
            "other processes took 0.90 cores during round 3 of arm 'auxloss', and 0.70 in its re-run "
                + "(limit 0.5); run it on a quieter machine, or pass --allow-load to report it anyway");
  }

  @Test
  void allowLoadReportsTheQuieterTryAnyway() {
    LoadGate.allowLoad = true;
    Machine m = new Machine(new double[] {1.7, 1.0}, new double[] {1.9, 1.0});
    assertThat(m.run("round 0")).isEqualTo("block 1");
  }

  @Test
  void procStatBusyTimeLeavesOutIdleAndIowait() {
    // cpu user nice system idle iowait irq softirq steal guest guest_nice, in 10 ms ticks
    assertThat(LoadGate.busyNanos("cpu  100 20 30 5000 400 6 7 8 0 0"))
        .isEqualTo((100 + 20 + 30 + 6 + 7 + 8) * 10_000_000L);
  }

  @Test
  void ourOwnCpuIsNotCountedAsOthers() {
    assertThat(LoadGate.otherCores(2 * SECOND, 2 * SECOND, SECOND)).isZero();
    assertThat(LoadGate.otherCores(2 * SECOND, SECOND, SECOND)).isEqualTo(1.0);
  }
}
