package dev.auxloss.cli.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.auxloss.tf.distributed.ClusterSpec;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TensorFlow's {@code TF_CONFIG} as TensorFlow's {@code TFConfigClusterResolver} reads it and a
 * Kubernetes TFJob (kubeflow training-operator) writes it: {@code {"cluster": {"chief": ["c:2222"],
 * "worker": ["w0:2222", "w1:2222"]}, "task": {"type": "worker", "index": 1}}} (other keys, such as
 * {@code "environment": "cloud"}, are ignored).
 *
 * <p>Every process trains (all-reduce), in MultiWorkerMirroredStrategy's order: the chief first,
 * then the workers, so {@code chief 0} is task 0 and {@code worker i} is task i+1 when there is a
 * chief (task i without one); task 0 writes the run. A {@code ps} job is refused (auxloss has no
 * parameter servers), so is an {@code evaluator} (the chief evaluates). {@code AUXLOSS_CLUSTER}
 * also accepts the flat form {@code {"worker": [...], "task": N}}.
 */
final class TfConfig {
  private static final String CHIEF = "chief";
  private static final String WORKER = "worker";

  /** Gson's advice for strict-mode errors, which would mislead a user: the value must be JSON. */
  private static final String GSON_LENIENT_HINT =
      "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON";

  private TfConfig() {}

  static ClusterSpec parse(String text, boolean flatForm) {
    JsonObject root = object(text);
    JsonElement cluster = root.get("cluster");
    JsonElement task = root.get("task");
    if (cluster == null && flatForm) {
      cluster = root.deepCopy();
      cluster.getAsJsonObject().remove("task");
    }
    if (cluster == null) {
      throw new IllegalArgumentException(
          "missing \"cluster\" (its jobs: {\"chief\": [\"host:port\"], \"worker\": [...]})");
    }
    if (!cluster.isJsonObject())
      throw new IllegalArgumentException("\"cluster\" must be an object of jobs, found " + cluster);
    List<String> chief = List.of();
    List<String> workers = List.of();
    for (Map.Entry<String, JsonElement> job : cluster.getAsJsonObject().entrySet()) {
      switch (job.getKey()) {
        case CHIEF -> chief = addresses(CHIEF, job.getValue());
        case WORKER -> workers = addresses(WORKER, job.getValue());
        default -> throw refused(job.getKey());
      }
    }
    if (chief.size() > 1)
      throw new IllegalArgumentException("a cluster has at most one chief, found " + chief.size());
    List<String> all = new ArrayList<>(chief);
    all.addAll(workers);
    if (all.isEmpty())
      throw new IllegalArgumentException("\"cluster\" names no chief and no worker");
    return new ClusterSpec(all, task(task, chief.size(), workers.size()));
  }

  /** The task's index among the chief then the workers. */
  private static int task(JsonElement task, int chiefs, int workers) {
    if (task == null) {
      if (chiefs + workers == 1) return 0;
      throw new IllegalArgumentException("missing \"task\" ({\"type\": \"worker\", \"index\": N})");
    }
    if (task.isJsonPrimitive() && task.getAsJsonPrimitive().isNumber())
      return whole("task", task) + chiefs;
    if (!task.isJsonObject())
      throw new IllegalArgumentException(
          "\"task\" must be {\"type\": ..., \"index\": N}, found " + task);
    JsonObject t = task.getAsJsonObject();
    if (!(t.get("type") instanceof JsonPrimitive p && p.isString())) {
      throw new IllegalArgumentException(
          "task.type must be \"chief\" or \"worker\", found " + t.get("type"));
    }
    String type = p.getAsString();
    if (!type.equals(CHIEF) && !type.equals(WORKER)) throw refused(type);
    int index = whole("task.index", t.get("index"));
    int size = type.equals(CHIEF) ? chiefs : workers;
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException(
          "task.index must index the "
              + size
              + " "
              + type
              + " address(es) of the cluster, 0.."
              + (size - 1)
              + ", found "
              + index);
    }
    return type.equals(CHIEF) ? 0 : chiefs + index;
  }

  private static IllegalArgumentException refused(String job) {
    return new IllegalArgumentException(
        switch (job) {
          case "ps" ->
              "job \"ps\" is not supported: auxloss trains with all-reduce between the chief and the workers,"
                  + " without parameter servers (remove the PS replicas)";
          case "evaluator" ->
              "job \"evaluator\" is not supported: the chief evaluates the run (remove the Evaluator"
                  + " replicas; 'auxloss evaluate --run DIR' evaluates a finished run)";
          default -> "unknown job \"" + job + "\": a cluster has a \"chief\" and \"worker\"s";
        });
  }

  private static List<String> addresses(String job, JsonElement list) {
    if (!list.isJsonArray())
      throw new IllegalArgumentException(
          "cluster." + job + " must be a list of \"host:port\", found " + list);
    List<String> out = new ArrayList<>();
    for (JsonElement e : list.getAsJsonArray()) {
      if (!(e instanceof JsonPrimitive p && p.isString())) {
        throw new IllegalArgumentException(
            "cluster." + job + "[" + out.size() + "] must be a \"host:port\" string, found " + e);
      }
      out.add(p.getAsString());
    }
    return out;
  }

  private static int whole(String what, JsonElement n) {
    if (!(n instanceof JsonPrimitive p && p.isNumber()))
      throw new IllegalArgumentException(what + " must be an integer, found " + n);
    try {
      return p.getAsBigDecimal().intValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(what + " must be an integer, found " + p);
    }
  }

  /** Strict JSON (Gson's default parser is lenient), one object, nothing after it. */
  private static JsonObject object(String text) {
    try (JsonReader r = new JsonReader(new StringReader(text))) {
      r.setStrictness(Strictness.STRICT);
      JsonElement e = JsonParser.parseReader(r);
      if (r.peek() != JsonToken.END_DOCUMENT)
        throw new IllegalArgumentException("not valid JSON: text after the object");
      if (!e.isJsonObject())
        throw new IllegalArgumentException("expected a JSON object, found " + e);
      return e.getAsJsonObject();
    } catch (JsonParseException | IOException e) {
      // Gson wraps the reader's exception, whose message is the useful one; the first line only.
      String m = String.valueOf((e.getCause() != null ? e.getCause() : e).getMessage());
      m = m.lines().findFirst().orElse(m).replace(GSON_LENIENT_HINT, "unexpected text");
      throw new IllegalArgumentException("not valid JSON: " + m);
    }
  }
}
