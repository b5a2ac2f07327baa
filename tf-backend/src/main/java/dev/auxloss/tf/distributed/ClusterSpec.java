package dev.auxloss.tf.distributed;

import dev.auxloss.api.config.RuntimeSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is in the cluster and which worker this process is: {@code workers.get(task)} is this process,
 * task 0 is the chief (the one that writes checkpoints, summaries, the SavedModel and the report).
 *
 * <p>Comes from the config ({@code runtime { cluster { worker: "h:p" ... task: N } }}, i.e. {@link
 * RuntimeSettings#clusterWorkers()}), or, when the config names no cluster, from the environment
 * variable {@value #ENV} in one of two forms, in the spirit of TensorFlow's {@code TF_CONFIG}:
 *
 * <pre>
 * AUXLOSS_CLUSTER='10.0.0.1:2222,10.0.0.2:2222;task=1'
 * AUXLOSS_CLUSTER='{"cluster": {"worker": ["10.0.0.1:2222", "10.0.0.2:2222"]},
 *                   "task": {"type": "worker", "index": 1}}'
 * AUXLOSS_CLUSTER='{"worker": ["10.0.0.1:2222", "10.0.0.2:2222"], "task": 1}'
 * </pre>
 *
 * The config wins over the environment, so a launcher's variable never silently re-targets a run
 * whose config names its cluster.
 */
public record ClusterSpec(List<String> workers, int task) {
  /** The environment variable a launcher or scheduler sets for each worker process. */
  public static final String ENV = "AUXLOSS_CLUSTER";

  /** TensorFlow's job name for every process of the cluster. */
  public static final String JOB = "worker";

  private static final Pattern WORKER = Pattern.compile("[A-Za-z0-9._\\-]+:\\d{1,5}|\\[[0-9A-Fa-f:]+\\]:\\d{1,5}");

  public ClusterSpec {
    workers = List.copyOf(workers);
    List<String> problems = new ArrayList<>();
    if (workers.isEmpty()) problems.add("a cluster needs at least one worker, found none");
    for (int i = 0; i < workers.size(); i++) {
      String w = workers.get(i);
      if (!WORKER.matcher(w).matches() || port(w) < 1 || port(w) > 65535) {
        problems.add("worker[" + i + "] must be host:port with a port in 1..65535, found '" + w + "'");
      }
    }
    if (new HashSet<>(workers).size() != workers.size()) problems.add("workers must be distinct, found " + workers);
    if (task < 0 || task >= Math.max(1, workers.size())) {
      problems.add("task must index a worker, 0.." + Math.max(0, workers.size() - 1) + ", found " + task);
    }
    if (!problems.isEmpty()) throw new IllegalArgumentException("cluster: " + String.join("; ", problems));
  }

  /** The cluster of the config; empty when it names no workers (one process). */
  public static Optional<ClusterSpec> of(RuntimeSettings r) {
    return r.clusterWorkers().isEmpty() ? Optional.empty() : Optional.of(new ClusterSpec(r.clusterWorkers(), r.task()));
  }

  /** The config's cluster, else {@value #ENV} from {@code env}, else empty (train locally). */
  public static Optional<ClusterSpec> resolve(RuntimeSettings r, Map<String, String> env) {
    Optional<ClusterSpec> fromConfig = of(r);
    if (fromConfig.isPresent()) return fromConfig;
    String text = env.get(ENV);
    return text == null || text.isBlank() ? Optional.empty() : Optional.of(parse(text));
  }

  /** Parses the {@value #ENV} value: JSON (TF_CONFIG-like or flat) or {@code "h:p,h:p;task=N"}. */
  public static ClusterSpec parse(String text) {
    String s = text.strip();
    try {
      return s.startsWith("{") ? ClusterJson.parse(s) : compact(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV + " is invalid: " + e.getMessage() + " (value: '" + text + "')", e);
    }
  }

  private static ClusterSpec compact(String s) {
    String[] parts = s.split(";");
    List<String> workers = new ArrayList<>();
    for (String w : parts[0].split(",")) if (!w.isBlank()) workers.add(w.strip());
    int task = -1;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].replaceAll("\\s", "");
      if (!p.startsWith("task=")) throw new IllegalArgumentException("expected ';task=N' after the workers, found '" + p + "'");
      try {
        task = Integer.parseInt(p.substring(5).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("task must be an integer, found '" + p.substring(5) + "'");
      }
    }
    if (task < 0 && workers.size() != 1) throw new IllegalArgumentException("missing ';task=N'");
    return new ClusterSpec(workers, Math.max(task, 0));
  }

  /** The compact form of this spec, for a launcher to put into {@value #ENV}. */
  public String toEnv() {
    return String.join(",", workers) + ";task=" + task;
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
