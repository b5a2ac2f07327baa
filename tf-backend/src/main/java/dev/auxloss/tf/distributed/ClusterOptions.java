package dev.auxloss.tf.distributed;

import java.time.Duration;

/**
 * How a worker watches its peers. Defaults: probe every 500 ms, a peer that was up and refuses two
 * probes in a row is lost (so the others stop about a second after it dies); a peer that never came
 * up is lost after 5 minutes; any single {@code Session.run} is cut off after 10 minutes (a
 * backstop for a peer that hangs without dying, which probes cannot see).
 *
 * @param probeInterval time between two liveness probes (TCP connects to each peer's server port)
 * @param missedProbes consecutive failed probes that make a peer that was up count as lost
 * @param startupTimeout how long a peer may take to start listening
 * @param stepTimeout deadline of every run of the session ({@code operation_timeout_in_ms}); zero:
 *     none
 */
public record ClusterOptions(
    Duration probeInterval, int missedProbes, Duration startupTimeout, Duration stepTimeout) {
  public ClusterOptions {
    if (probeInterval.toMillis() < 10)
      throw new IllegalArgumentException("probe interval must be >= 10 ms, found " + probeInterval);
    if (missedProbes < 1)
      throw new IllegalArgumentException("missed probes must be >= 1, found " + missedProbes);
    if (startupTimeout.isNegative() || stepTimeout.isNegative())
      throw new IllegalArgumentException("timeouts must be >= 0");
    if (stepTimeout.toMillis() > Integer.MAX_VALUE)
      throw new IllegalArgumentException("step timeout too large: " + stepTimeout);
  }

  public static ClusterOptions defaults() {
    return new ClusterOptions(
        Duration.ofMillis(500), 2, Duration.ofMinutes(5), Duration.ofMinutes(10));
  }
}
