package dev.auxloss.tf.distributed;

import dev.auxloss.config.RuntimeSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is in the cluster and which worker this process is: {@code workers.get(task)} is this
 * process, task 0 is the chief (the one that writes checkpoints, summaries, the SavedModel and the
 * report).
 *
 * <p>A resolved value: the config names one ({@code runtime { cluster { worker: "h:p" ... task: N }
 * }}, i.e. {@link RuntimeSettings#clusterWorkers()}, read by {@link #of}); the command line
 * resolves the rest (flags, {@code AUXLOSS_CLUSTER}, TensorFlow's {@code TF_CONFIG}:
 * docs/distributed.md); the backend reads none of them.
 */
public record ClusterSpec(List<String> workers, int task) {
  /** TensorFlow's job name for every process of the cluster. */
  public static final String JOB = "worker";

  private static final Pattern WORKER =
      Pattern.compile("[A-Za-z0-9._\\-]+:\\d{1,5}|\\[[0-9A-Fa-f:]+\\]:\\d{1,5}");

  public ClusterSpec {
    workers = List.copyOf(workers);
    List<String> problems = new ArrayList<>();
    if (workers.isEmpty()) problems.add("a cluster needs at least one worker, found none");
    for (int i = 0; i < workers.size(); i++) {
      String w = workers.get(i);
      if (!WORKER.matcher(w).matches() || port(w) < 1 || port(w) > 65535) {
        problems.add(
            "worker[" + i + "] must be host:port with a port in 1..65535, found '" + w + "'");
      }
    }
    if (new HashSet<>(workers).size() != workers.size())
      problems.add("workers must be distinct, found " + workers);
    if (task < 0 || task >= Math.max(1, workers.size())) {
      problems.add(
          "task must index a worker, 0.." + Math.max(0, workers.size() - 1) + ", found " + task);
    }
    if (!problems.isEmpty())
      throw new IllegalArgumentException("cluster: " + String.join("; ", problems));
  }

  /** The cluster of the config; empty when it names no workers (one process). */
  public static Optional<ClusterSpec> of(RuntimeSettings r) {
    return r.clusterWorkers().isEmpty()
        ? Optional.empty()
        : Optional.of(new ClusterSpec(r.clusterWorkers(), r.task()));
  }

  public int size() {
    return workers.size();
  }

  public boolean isChief() {
    return task == 0;
  }

  /** This process's "host:port". */
  public String self() {
    return workers.get(task);
  }

  /** The TF device prefix of a task, e.g. {@code /job:worker/replica:0/task:1}. */
  public static String taskDevice(int task) {
    return "/job:" + JOB + "/replica:0/task:" + task;
  }

  static int port(String hostPort) {
    try {
      return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String host(String hostPort) {
    String h = hostPort.substring(0, hostPort.lastIndexOf(':'));
    return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
  }
}
