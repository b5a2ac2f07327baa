package dev.auxloss.cli.cluster;

import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.tf.distributed.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the cluster of a worker process. Precedence, first found wins: the {@code --task} flag
 * (only the task: the workers still come from below), the config's {@code runtime.cluster}, {@value
 * #AUXLOSS_CLUSTER}, {@value #TF_CONFIG}. The config wins over the environment so a launcher's
 * variable never silently re-targets a run whose config names its cluster; {@value #TF_CONFIG}
 * comes last because schedulers set it for every TensorFlow job, while {@value #AUXLOSS_CLUSTER} is
 * set for auxloss on purpose.
 *
 * <pre>
 * AUXLOSS_CLUSTER='10.0.0.1:2222,10.0.0.2:2222;task=1'
 * AUXLOSS_CLUSTER='{"worker": ["10.0.0.1:2222", "10.0.0.2:2222"], "task": 1}'
 * TF_CONFIG='{"cluster": {"chief": ["c:2222"], "worker": ["w0:2222"]}, "task": {"type": "worker", "index": 0}}'
 * </pre>
 *
 * {@value #AUXLOSS_CLUSTER} also takes the {@value #TF_CONFIG} form ({@link TfConfig}). A bad value
 * is an {@link IllegalArgumentException} naming the variable, the rule and the value.
 */
public final class ClusterEnvironment {
  /** auxloss's own variable: {@code auxloss launch} sets it for each worker. */
  public static final String AUXLOSS_CLUSTER = "AUXLOSS_CLUSTER";

  /**
   * TensorFlow's variable, as a Kubernetes TFJob or a MultiWorkerMirroredStrategy script sets it.
   */
  public static final String TF_CONFIG = "TF_CONFIG";

  private ClusterEnvironment() {}

  /** The cluster this process joins (see the precedence above); empty: train alone. */
  public static Optional<ClusterSpec> resolve(
      RuntimeSettings runtime, Map<String, String> env, Integer task) {
    Optional<ClusterSpec> c =
        ClusterSpec.of(runtime)
            .or(() -> variable(env, AUXLOSS_CLUSTER))
            .or(() -> variable(env, TF_CONFIG));
    if (task == null) return c;
    if (c.isEmpty()) {
      throw new IllegalArgumentException(
          "--task "
              + task
              + " needs a cluster: name its workers in runtime.cluster, "
              + AUXLOSS_CLUSTER
              + " or "
              + TF_CONFIG);
    }
    try {
      return Optional.of(new ClusterSpec(c.get().workers(), task));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--task " + task + " is out of range: " + e.getMessage());
    }
  }

  /** What {@code auxloss launch} tells a worker: {@value #AUXLOSS_CLUSTER} in the compact form. */
  public static Map<String, String> variables(ClusterSpec spec) {
    return Map.of(AUXLOSS_CLUSTER, String.join(",", spec.workers()) + ";task=" + spec.task());
  }

  private static Optional<ClusterSpec> variable(Map<String, String> env, String name) {
    String text = env.get(name);
    if (text == null || text.isBlank()) return Optional.empty();
    try {
      String s = text.strip();
      if (name.equals(TF_CONFIG)) return Optional.of(TfConfig.parse(s, false));
      return Optional.of(s.startsWith("{") ? TfConfig.parse(s, true) : compact(s));
    } catch (IllegalArgumentException e) {
      // One line: a JSON value may span several.
      String oneLine = text.strip().replaceAll("\\s*\\R\\s*", " ");
      throw new IllegalArgumentException(
          name + " is invalid: " + e.getMessage() + " (value: '" + oneLine + "')", e);
    }
  }

  /** {@code "h:p,h:p;task=N"}; the task may be left out for a cluster of one. */
  private static ClusterSpec compact(String s) {
    String[] parts = s.split(";");
    List<String> workers = new ArrayList<>();
    for (String w : parts[0].split(",")) if (!w.isBlank()) workers.add(w.strip());
    Integer task = null;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].replaceAll("\\s", "");
      if (!p.startsWith("task="))
        throw new IllegalArgumentException(
            "expected ';task=N' after the workers, found '" + p + "'");
      try {
        task = Integer.parseInt(p.substring(5));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "task must be an integer, found '" + p.substring(5) + "'");
      }
    }
    if (task == null && workers.size() != 1)
      throw new IllegalArgumentException("missing ';task=N'");
    return new ClusterSpec(workers, task == null ? 0 : task);
  }
}
