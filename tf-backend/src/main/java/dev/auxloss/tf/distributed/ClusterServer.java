package dev.auxloss.tf.distributed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Server;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * This process's TensorFlow server and peer watchdog, one per process. TF cannot stop a server
 * ({@code Server.stop()} is unimplemented in TF 2.x), so it lives until the process exits, and a
 * process serves exactly one task of one cluster: asking for another is an error.
 *
 * <p>The server listens on {@code 0.0.0.0:<port>} (TF's choice; no address to bind to, no
 * authentication): see docs/distributed.md before running it on a shared network.
 */
final class ClusterServer {
  private static final Logger log = LoggerFactory.getLogger(ClusterServer.class);
  private static ClusterServer current;

  final ClusterSpec spec;
  final ClusterOptions options;
  final PeerWatchdog watchdog;
  private final Server server;

  private ClusterServer(ClusterSpec spec, ClusterOptions options, ConfigProto base) {
    this.spec = spec;
    this.options = options;
    ServerDef def = serverDef(spec, sessionConfig(spec, options, base));
    this.server = new Server(def);
    server.start();
    this.watchdog = new PeerWatchdog(spec, options);
    watchdog.start();
    log.info(
        "worker task {} of {} serving on {} (cluster {})",
        spec.task(),
        spec.size(),
        spec.self(),
        spec.workers());
  }

  /** The server of this process for {@code spec}, started on first use. */
  static synchronized ClusterServer join(
      ClusterSpec spec, ClusterOptions options, ConfigProto base) {
    if (current == null) {
      current = new ClusterServer(spec, options, base);
    } else if (!current.spec.equals(spec)) {
      throw new IllegalStateException(
          "this process already serves task "
              + current.spec.task()
              + " of cluster "
              + current.spec.workers()
              + " and cannot serve task "
              + spec.task()
              + " of "
              + spec.workers()
              + ": a TensorFlow server cannot be stopped, so a process is one worker of one cluster");
    }
    return current;
  }

  /** The server of this process, or null when it trains alone. */
  static synchronized ClusterServer current() {
    return current;
  }

  String target() {
    return "grpc://" + spec.self();
  }

  /**
   * The session's config: the caller's (thread pools...) plus what a worker needs. The device
   * filter keeps the session to this task, or creating it would wait for every task; the group
   * leader (task 0) resolves the collective group. The server's default config holds the same.
   */
  static ConfigProto sessionConfig(ClusterSpec spec, ClusterOptions options, ConfigProto base) {
    ConfigProto.Builder b =
        base.toBuilder()
            .clearDeviceFilters()
            .addDeviceFilters("/job:" + ClusterSpec.JOB + "/task:" + spec.task())
            .setOperationTimeoutInMs(options.stepTimeout().toMillis());
    b.setExperimental(
        base.getExperimental().toBuilder().setCollectiveGroupLeader(ClusterSpec.taskDevice(0)));
    return b.build();
  }

  static ServerDef serverDef(ClusterSpec spec, ConfigProto sessionConfig) {
    JobDef.Builder job = JobDef.newBuilder().setName(ClusterSpec.JOB);
    for (int t = 0; t < spec.size(); t++) job.putTasks(t, spec.workers().get(t));
    return ServerDef.newBuilder()
        .setCluster(ClusterDef.newBuilder().addJob(job))
        .setJobName(ClusterSpec.JOB)
        .setTaskIndex(spec.task())
        .setProtocol("grpc")
        .setDefaultSessionConfig(sessionConfig)
        .build();
  }
}
