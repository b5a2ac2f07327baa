package dev.auxloss.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a block of steps ran on a quiet machine. The CPU time every process spent during the
 * block ({@code /proc/stat}) minus what the benchmark itself spent (its JVM, and the arm's process)
 * is what other processes took; over half a core of it and the block is re-run once, keeping the
 * quieter try (as the peer measurements in BENCHMARKS.md did by hand). A block still that busy
 * refuses the benchmark's ratio with {@link TooBusy}, unless {@code ./bench --allow-load} says to
 * report anyway.
 */
final class LoadGate {
  /** Cores other processes may take during a block before its timing is not trusted. */
  static final double MAX_OTHER_CORES = 0.5;

  /** {@code /proc/stat} counts in USER_HZ ticks, 100 per second on Linux. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  static volatile boolean allowLoad = Boolean.getBoolean("bench.allowLoad");

  /** Off only in tests of what runs when: a re-run block would change the sequence under test. */
  static volatile boolean gating = true;

  /** A measured block: its wall and own CPU time, and the cores other processes took meanwhile. */
  record Measured<T>(T value, double otherCores) {}

  /** What was measured in a block and the benchmark's own CPU nanoseconds spent on it. */
  record Block<T>(T value, long ownCpuNanos) {}

  /** Thrown when a block stays busy after its re-run: the ratio is not reported. */
  static final class TooBusy extends RuntimeException {
    TooBusy(String what, double first, double second) {
      super(
          String.format(
              java.util.Locale.ROOT,
              "other processes took %.2f cores during %s, and %.2f in its "
                  + "re-run (limit %.1f); run it on a quieter machine, or pass --allow-load to report it anyway",
              first,
              what,
              second,
              MAX_OTHER_CORES));
    }
  }

  private LoadGate() {}

  /**
   * Runs {@code block} and returns its value; re-runs it once when other processes took more than
   * {@link #MAX_OTHER_CORES}, keeping the quieter try.
   */
  static <T> T quiet(String what, java.util.function.Supplier<Block<T>> block) {
    return quiet(what, block, LoadGate::busyNanos, System::nanoTime);
  }

  static <T> T quiet(
      String what,
      java.util.function.Supplier<Block<T>> block,
      java.util.function.LongSupplier busyNanos,
      java.util.function.LongSupplier clock) {
    Measured<T> first = measure(block, busyNanos, clock);
    if (!gating || first.otherCores() <= MAX_OTHER_CORES) return first.value();
    Measured<T> second = measure(block, busyNanos, clock);
    Measured<T> kept = second.otherCores() < first.otherCores() ? second : first;
    if (kept.otherCores() > MAX_OTHER_CORES && !allowLoad) {
      throw new TooBusy(what, first.otherCores(), second.otherCores());
    }
    return kept.value();
  }

  private static <T> Measured<T> measure(
      java.util.function.Supplier<Block<T>> block,
      java.util.function.LongSupplier busyNanos,
      java.util.function.LongSupplier clock) {
    long busy0 = busyNanos.getAsLong();
    long t0 = clock.getAsLong();
    Block<T> b = block.get();
    long wall = clock.getAsLong() - t0;
    long busy = busyNanos.getAsLong() - busy0;
    return new Measured<>(b.value(), otherCores(busy, b.ownCpuNanos(), wall));
  }

  /** Cores the other processes took: all CPU time spent minus our own, over the wall time. */
  static double otherCores(long busyNanos, long ownNanos, long wallNanos) {
    return wallNanos <= 0 ? 0 : Math.max(0, busyNanos - ownNanos) / (double) wallNanos;
  }

  /**
   * CPU time every process has spent since boot; 0 without {@code /proc} (every block counts as
   * quiet).
   */
  static long busyNanos() {
    try {
      return busyNanos(Files.readAllLines(Path.of("/proc/stat")).get(0));
    } catch (IOException | IndexOutOfBoundsException e) {
      return 0;
    }
  }

  /**
   * The busy time of a {@code /proc/stat} "cpu" line: user, nice, system, irq, softirq and steal
   * ticks.
   */
  static long busyNanos(String procStatCpuLine) {
    String[] f =
        procStatCpuLine
            .trim()
            .split("\\s+"); // cpu user nice system idle iowait irq softirq steal ...
    long ticks = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) if (i < f.length) ticks += Long.parseLong(f[i]);
    return ticks * NANOS_PER_TICK;
  }

  /** The 1-minute load average, for the lines printed before and after each id. */
  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
