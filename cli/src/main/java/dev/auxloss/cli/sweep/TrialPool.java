package dev.auxloss.cli.sweep;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Runs trials {@code parallel} at a time and shows progress over trials: a bar on a terminal, else
 * one line per trial ({@code trial 3/20 s1-seed3: done}). A failed trial does not stop the others.
 */
public final class TrialPool {
  private final TrialWork work;
  private final int parallel;
  private final PrintWriter out;
  private final boolean console;

  public TrialPool(TrialWork work, int parallel, PrintWriter out, boolean console) {
    this.work = work;
    this.parallel = parallel;
    this.out = out;
    this.console = console;
  }

  /** Trial id → whether it finished; trials already finished count without running. */
  public Map<String, Boolean> run(List<Trial> trials) throws InterruptedException {
    Map<String, Boolean> done = new ConcurrentHashMap<>();
    int[] count = {0};
    ProgressBar bar =
        console
            ? new ProgressBarBuilder()
                .setTaskName("sweep")
                .setInitialMax(trials.size())
                .startsFrom(0, Duration.ZERO)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUnit(" trials", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.out))
                .build()
            : null;
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> futures =
          trials.stream()
              .<Future<?>>map(
                  t ->
                      pool.submit(
                          () -> {
                            boolean ok;
                            try {
                              ok = work.run(t);
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                              return;
                            } catch (Exception e) {
                              ok = false;
                              appendToLog(t, e);
                            }
                            done.put(t.id(), ok);
                            synchronized (count) {
                              count[0]++;
                              if (bar != null) {
                                bar.step();
                                bar.setExtraMessage(t.id() + (ok ? " done" : " FAILED"));
                              } else {
                                out.println(
                                    "trial "
                                        + count[0]
                                        + "/"
                                        + trials.size()
                                        + " "
                                        + t.id()
                                        + ": "
                                        + (ok ? "done" : "failed, see " + t.log()));
                                out.flush();
                              }
                            }
                          }))
              .toList();
      awaitAll(futures);
    } finally {
      pool.shutdownNow();
      if (bar != null) bar.close();
    }
    return done;
  }

  /** Waits for every future; a worker thread's failure is rethrown here. */
  static void awaitAll(List<? extends Future<?>> futures) throws InterruptedException {
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  static void appendToLog(Trial t, Exception e) {
    try {
      java.nio.file.Files.writeString(
          t.log(),
          "auxloss: error: sweep: " + e + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException ignored) {
      // the trial counts as failed either way
    }
  }
}
