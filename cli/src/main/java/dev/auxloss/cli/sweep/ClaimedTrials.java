package dev.auxloss.cli.sweep;

import dev.auxloss.cli.run.AtomicFiles;
import dev.auxloss.cli.run.RunLock;
import dev.auxloss.tf.distributed.ClusterSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One trial per worker of a cluster: the same {@code auxloss sweep} on every worker, the sweep
 * directory on a shared file system. Trials are claimed, not dealt out: a worker takes the next
 * trial that has no result and whose lock ({@code <trial>/.lock}, a {@link RunLock}) it can take,
 * so uneven trial times balance themselves, and a killed worker's trial (the OS drops its lock) is
 * taken by the next worker that looks. A failed trial leaves {@value #FAILED_FILE} so no one
 * retries it in the same sweep; {@code --resume} retries those that had failed before it started.
 *
 * <p>The chief (task 0) keeps looking until every trial has {@code validation.txt} or {@value
 * #FAILED_FILE}, taking any that is left unclaimed; the other workers return when nothing is left
 * to claim. {@code parallel} threads per worker claim side by side (N workers × P trials at a
 * time).
 */
public final class ClaimedTrials {
  /** A trial's failure, recorded for the chief and the other workers. */
  public static final String FAILED_FILE = "failed.txt";

  private static final Duration POLL = Duration.ofMillis(500);

  private final TrialWork work;
  private final int parallel;
  private final ClusterSpec cluster;
  private final PrintWriter out;

  /** Failures found at start on --resume (trial id → the marker's text): tried once more. */
  private final Map<String, String> retry = new ConcurrentHashMap<>();

  /** Trials this process took: its threads never try a lock it holds itself (see RunLock). */
  private final Set<String> mine = ConcurrentHashMap.newKeySet();

  private final String token = UUID.randomUUID().toString();

  public ClaimedTrials(TrialWork work, int parallel, ClusterSpec cluster, PrintWriter out) {
    this.work = work;
    this.parallel = parallel;
    this.cluster = cluster;
    this.out = out;
  }

  /**
   * Runs this worker's share; returns trial id → finished, for every trial on the chief (after all
   * have a result), for those this worker ran on the others.
   */
  public Map<String, Boolean> run(List<Trial> trials, boolean resume)
      throws IOException, InterruptedException {
    if (resume) {
      for (Trial t : trials) failure(t).ifPresent(text -> retry.put(t.id(), text));
    }
    Map<String, Boolean> ran = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        futures.add(
            pool.submit(
                () -> {
                  claimUntilDone(trials, ran);
                  return null;
                }));
      }
      TrialPool.awaitAll(futures);
    } finally {
      pool.shutdownNow();
    }
    if (!cluster.isChief()) return ran;
    Map<String, Boolean> all = new LinkedHashMap<>();
    for (Trial t : trials) all.put(t.id(), Files.isRegularFile(t.validation()));
    return all;
  }

  private void claimUntilDone(List<Trial> trials, Map<String, Boolean> ran)
      throws IOException, InterruptedException {
    while (true) {
      Optional<Claim> claim = claimNext(trials);
      if (claim.isEmpty()) {
        if (!cluster.isChief() || settled(trials)) return;
        Thread.sleep(POLL.toMillis()); // others' trials still running
        continue;
      }
      Trial t = claim.get().trial();
      boolean ok;
      try (RunLock lock = claim.get().lock()) {
        try {
          ok = work.run(t);
        } catch (IOException | RuntimeException e) {
          ok = false;
          TrialPool.appendToLog(t, e);
        }
        if (!ok) {
          AtomicFiles.writeString(
              t.dir().resolve(FAILED_FILE),
              "failed on worker " + cluster.task() + " (" + token + "): see trial.log\n");
        }
      }
      ran.put(t.id(), ok);
      synchronized (out) {
        out.println(
            "trial "
                + t.id()
                + " on worker "
                + cluster.task()
                + ": "
                + (ok ? "done" : "failed, see " + t.log())
                + " ("
                + settledCount(trials)
                + "/"
                + trials.size()
                + " trials have a result)");
        out.flush();
      }
    }
  }

  private record Claim(Trial trial, RunLock lock) {}

  /** The next trial without a result that no one else holds, locked; empty when none is left. */
  private synchronized Optional<Claim> claimNext(List<Trial> trials) throws IOException {
    for (Trial t : trials) {
      if (!open(t) || !mine.add(t.id())) continue;
      Optional<RunLock> lock =
          RunLock.acquireIfFree(t.dir(), "sweep trial on worker " + cluster.task());
      if (lock.isEmpty()) {
        mine.remove(t.id()); // another worker's: look again later (it may die)
        continue;
      }
      if (!open(t)) { // finished between the look and the lock
        lock.get().close();
        continue;
      }
      if (retry.remove(t.id()) != null) {
        Files.deleteIfExists(t.dir().resolve(FAILED_FILE)); // the sweep's own, from a failed try
      }
      return Optional.of(new Claim(t, lock.get()));
    }
    return Optional.empty();
  }

  /** No result yet, or a failure from before this --resume that no one has retried yet. */
  private boolean open(Trial t) throws IOException {
    if (Files.isRegularFile(t.validation())) return false;
    Optional<String> failure = failure(t);
    return failure.isEmpty() || failure.get().equals(retry.get(t.id()));
  }

  private boolean settled(List<Trial> trials) throws IOException {
    return settledCount(trials) == trials.size();
  }

  private long settledCount(List<Trial> trials) throws IOException {
    long n = 0;
    for (Trial t : trials) if (!open(t)) n++;
    return n;
  }

  private static Optional<String> failure(Trial t) throws IOException {
    Path f = t.dir().resolve(FAILED_FILE);
    try {
      return Optional.of(Files.readString(f));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
