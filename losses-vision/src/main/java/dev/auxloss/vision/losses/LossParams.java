package dev.auxloss.vision.losses;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Param;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

/**
 * Parameters several vision losses share, each kind declared once so its rule reads the same in
 * every loss: endpoint and field names, comma-separated endpoint lists, per-endpoint weights and
 * class counts. Each helper returns a {@link Param}; the framework checks it, the records {@link
 * Param#validate} it.
 */
final class LossParams {
  private LossParams() {}

  /**
   * Number of classes; 0 takes it from the model's {@code logits} endpoint (see {@link
   * Heads#classes}).
   */
  static final Param<Integer> CLASSES =
      Param.integer("classes", 0, "number of classes; 0 = last dimension of 'logits'")
          .check(k -> k == 0 || k >= 2, "must be 0 (take it from the logits endpoint) or >= 2");

  /** An endpoint, input or label field name with a default. */
  static Param<String> name(String name, String defaultValue, String doc) {
    return Param.text(name, defaultValue, doc)
        .nonBlank()
        .check(v -> v.equals(v.strip()), "must not start or end with a space");
  }

  /**
   * An endpoint name the config must give; leaving it out is an error that shows {@code example}.
   */
  static Param<String> requiredName(String name, String example, String doc) {
    return name(name, example, doc).required(example);
  }

  /**
   * A required comma-separated list of endpoint names: at least one, none twice; read with {@link
   * #split}.
   */
  static Param<String> endpointList(String name, String example, String doc) {
    return optionalEndpointList(name, doc)
        .check(v -> !split(v).isEmpty(), "must name at least one endpoint")
        .required(example);
  }

  /**
   * An optional comma-separated list of endpoint names, none twice; empty (the default) means the
   * loss's documented choice. Read with {@link #split}.
   */
  static Param<String> optionalEndpointList(String name, String doc) {
    return Param.text(name, "", doc)
        .check(
            v -> new HashSet<>(split(v)).size() == split(v).size(), "must name each endpoint once");
  }

  /** The names of an {@link #endpointList}, trimmed, in order. */
  static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Per-endpoint weights; empty (the default) means the loss's documented rule. */
  static Param<List<Double>> weights(String name, String doc) {
    return Param.numbers(name, List.of(), doc)
        .check(ws -> ws.stream().allMatch(w -> w >= 0), "weights must be >= 0");
  }

  /**
   * Checks {@code weights} against {@code param}'s rule and that there is one per endpoint, a rule
   * across two parameters; the error names {@code param}.
   */
  static List<Double> onePerEndpoint(
      Param<List<Double>> param, List<Double> weights, List<String> endpoints) {
    List<Double> copy = param.validate(List.copyOf(weights));
    if (copy.size() != endpoints.size()) {
      throw new ConfigException(
          ConfigError.of(
              param.name(),
              "needs one weight per endpoint ("
                  + endpoints.size()
                  + "), found "
                  + copy.size()
                  + " "
                  + copy));
    }
    return copy;
  }

  /** {@code given}, or {@code fill} once per endpoint when nothing was given. */
  static List<Double> orEach(List<Double> given, int count, double fill) {
    return given.isEmpty() ? Collections.nCopies(count, fill) : given;
  }
}
