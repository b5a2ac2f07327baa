package dev.auxloss.tf.distributed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Session;
import org.tensorflow.TargetedSessions;

/**
 * Notices a dead peer and unblocks this worker. Why it exists: a collective op waits forever for a
 * peer that died (TF's gRPC calls wait for the peer to come back), and a step timeout would also
 * cut off the first step, which legitimately waits for the slowest worker to start.
 *
 * <p>A daemon thread opens a TCP connection to every peer's server port each probe interval (the
 * kernel accepts for a live process even when it is busy; a dead one refuses). A peer that was up
 * and then misses {@link ClusterOptions#missedProbes()} probes in a row, or never comes up within
 * the startup timeout, is lost: the watchdog logs it, remembers it, and closes every registered
 * session ({@code TF_CloseSession}), so the blocked {@code Session.run} fails at once. Loss is
 * final: the process must restart. A peer that hangs without dying is left to the step timeout.
 */
final class PeerWatchdog {
  private static final Logger log = LoggerFactory.getLogger(PeerWatchdog.class);

  private final ClusterSpec spec;
  private final ClusterOptions options;
  private final List<TargetedSessions.Handle> sessions = new CopyOnWriteArrayList<>();
  private final boolean[] seen;
  private final int[] missed;
  private final long started = System.nanoTime();
  private volatile WorkerLostException lost;
  private volatile boolean standingDown;
  private boolean allUpLogged;

  PeerWatchdog(ClusterSpec spec, ClusterOptions options) {
    this.spec = spec;
    this.options = options;
    this.seen = new boolean[spec.size()];
    this.missed = new int[spec.size()];
  }

  void start() {
    if (spec.size() == 1) return;
    Thread t = new Thread(this::loop, "auxloss-peer-watchdog");
    t.setDaemon(true);
    t.start();
  }

  /** Cancels {@code h} when a peer is lost; at once if one already is. */
  void register(TargetedSessions.Handle h) {
    sessions.add(h);
    if (lost != null) cancelAll();
  }

  /**
   * The session of {@code closed} is closed: drop its handle (the watchdog loop may have stopped).
   */
  void release(Session closed) {
    for (TargetedSessions.Handle h : sessions) {
      if (h.session() == closed) {
        h.release();
        sessions.remove(h);
      }
    }
  }

  /** Training is over: stop probing, peers may leave. */
  void standDown() {
    standingDown = true;
  }

  Optional<WorkerLostException> lost() {
    return Optional.ofNullable(lost);
  }

  /**
   * The verdict after a step failed: TF may report a dead peer itself (a reset connection) a moment
   * before the probes agree, so wait up to the time the probes need.
   */
  synchronized Optional<WorkerLostException> awaitLost() throws InterruptedException {
    long wait = options.probeInterval().toMillis() * (options.missedProbes() + 2L);
    long end = System.currentTimeMillis() + wait;
    for (long left = wait;
        lost == null && spec.size() > 1 && left > 0;
        left = end - System.currentTimeMillis()) {
      wait(left);
    }
    return lost();
  }

  private void loop() {
    long interval = options.probeInterval().toMillis();
    while (lost == null && !standingDown) {
      for (int t = 0; t < spec.size() && lost == null && !standingDown; t++) {
        if (t != spec.task()) probe(t, (int) Math.max(interval, 200));
      }
      releaseClosed();
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Why {@code address} does not accept a connection within {@code timeoutMs}; null when it does.
   */
  static String unreachable(String address, int timeoutMs) {
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(ClusterSpec.host(address), ClusterSpec.port(address)), timeoutMs);
      return null;
    } catch (IOException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private void probe(int t, int timeoutMs) {
    String failure = unreachable(spec.workers().get(t), timeoutMs);
    if (failure == null) {
      missed[t] = 0;
      if (!seen[t]) {
        seen[t] = true;
        logAllUp();
      }
      return;
    }
    if (seen[t] && ++missed[t] >= options.missedProbes()) {
      declareLost(
          t,
          "it stopped accepting connections ("
              + failure
              + "): the process died or its machine is"
              + " unreachable");
    } else if (!seen[t] && System.nanoTime() - started > options.startupTimeout().toNanos()) {
      declareLost(
          t,
          "it did not start listening within "
              + options.startupTimeout().toSeconds()
              + " s ("
              + failure
              + ")");
    }
  }

  private void logAllUp() {
    for (int t = 0; t < seen.length; t++) if (t != spec.task() && !seen[t]) return;
    if (!allUpLogged) log.info("all {} workers of the cluster are up", spec.size());
    allUpLogged = true;
  }

  private void declareLost(int t, String why) {
    if (standingDown) return;
    String address = spec.workers().get(t);
    lost =
        new WorkerLostException(
            t,
            address,
            "worker task "
                + t
                + " ("
                + address
                + ") was lost: "
                + why
                + "; this worker (task "
                + spec.task()
                + ") stopped. Restart every worker, resuming, to continue from"
                + " the chief's newest checkpoint",
            null);
    log.error(lost.getMessage());
    cancelAll();
    synchronized (this) {
      notifyAll();
    }
  }

  private void cancelAll() {
    for (TargetedSessions.Handle h : sessions) h.cancel();
  }

  // A session closed by its owner needs no cancelling: drop the handle's native reference.
  private void releaseClosed() {
    for (TargetedSessions.Handle h : sessions) {
      if (h.sessionClosed()) {
        h.release();
        sessions.remove(h);
      }
    }
  }
}
