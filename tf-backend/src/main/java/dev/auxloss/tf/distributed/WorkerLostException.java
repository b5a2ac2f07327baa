package dev.auxloss.tf.distributed;

/**
 * A peer of this worker died or never came up: the synchronous step cannot go on without it. The
 * message names the lost task and its address; restart every worker (resume) to continue from the
 * chief's newest checkpoint.
 */
public final class WorkerLostException extends IllegalStateException {
  private static final long serialVersionUID = 1L;
  private final int lostTask;
  private final String address;

  WorkerLostException(int lostTask, String address, String message, Throwable cause) {
    super(message, cause);
    this.lostTask = lostTask;
    this.address = address;
  }

  /** The index of the lost worker in the cluster. */
  public int lostTask() {
    return lostTask;
  }

  /** Its "host:port". */
  public String address() {
    return address;
  }

  WorkerLostException withCause(Throwable cause) {
    return new WorkerLostException(lostTask, address, getMessage(), cause);
  }
}
