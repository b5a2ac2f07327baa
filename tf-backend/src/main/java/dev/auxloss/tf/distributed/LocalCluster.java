package dev.auxloss.tf.distributed;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker processes a {@link LocalClusterLauncher} started. {@link #await} waits for all of
 * them; when one fails, the others are given a grace period to stop by themselves (their watchdogs
 * notice within about a second) before they are killed. Closing kills whatever still runs.
 */
public final class LocalCluster implements AutoCloseable {
  /** One started worker: its task index, "host:port" and process. */
  public record Worker(int task, String address, Process process) {}

  private final List<Worker> workers;

  LocalCluster(List<Worker> workers) {
    this.workers = List.copyOf(workers);
  }

  public List<Worker> workers() {
    return workers;
  }

  /** Kills one worker at once (SIGKILL), as a crash would: for fault-tolerance tests. */
  public void kill(int task) {
    workers.get(task).process().destroyForcibly();
  }

  /**
   * Waits until every worker has exited; returns 0 when all succeeded, else the exit code of the
   * first one that failed. After a failure the others get {@code grace} to stop, then are killed.
   */
  public int await(Duration grace) throws InterruptedException {
    int first = 0;
    long deadline = Long.MAX_VALUE;
    while (true) {
      boolean running = false;
      for (Worker w : workers) {
        Process p = w.process();
        if (p.isAlive()) {
          running = true;
        } else if (first == 0 && p.exitValue() != 0) {
          first = p.exitValue();
          deadline = System.nanoTime() + grace.toNanos();
        }
      }
      if (!running) return first;
      if (System.nanoTime() > deadline) {
        close();
        return first;
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    for (Worker w : workers) w.process().destroy();
    for (Worker w : workers) {
      try {
        if (!w.process().waitFor(5, TimeUnit.SECONDS))
          w.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        w.process().destroyForcibly();
      }
    }
  }
}
