package dev.auxloss.bench;

import java.lang.management.ManagementFactory;

/**
 * In-process arms side by side: after a warm-up, blocks of steps of each arm in turn, the order
 * rotating every round. Wall and process-CPU ms/step per [arm][round]: on a machine shared with
 * other work, wall time measures the scheduler as much as the step, while the CPU time this process
 * spends per step (every thread: TF's pools, the input thread, GC) measures the work.
 */
final class Blocks {
  /** ms/step per [arm][round]: wall clock and this process's CPU time. */
  record Times(double[][] wall, double[][] cpu) {}

  private Blocks() {}

  static Times alternate(int warmup, int rounds, int block, Runnable... arms) {
    for (int i = 0; i < warmup; i++) for (Runnable a : arms) a.run();
    double[][] wall = new double[arms.length][rounds];
    double[][] cpu = new double[arms.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < arms.length; j++) {
        int i = (j + r) % arms.length;
        double[] ms =
            LoadGate.quiet(
                "round " + r + " of arm " + i,
                () -> {
                  long t0 = System.nanoTime();
                  long c0 = cpuNanos();
                  for (int k = 0; k < block; k++) arms[i].run();
                  long own = cpuNanos() - c0;
                  return new LoadGate.Block<>(
                      new double[] {(System.nanoTime() - t0) / 1e6 / block, own / 1e6 / block},
                      own);
                });
        wall[i][r] = ms[0];
        cpu[i][r] = ms[1];
      }
    }
    return new Times(wall, cpu);
  }

  /** CPU time of this whole process (all threads, native ones included). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
