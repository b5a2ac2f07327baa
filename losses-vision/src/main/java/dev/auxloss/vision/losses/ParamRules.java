package dev.auxloss.vision.losses;

import dev.auxloss.api.params.Params;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parameter readings several vision losses share, so the rule texts stay identical across losses:
 * endpoint names, comma-separated endpoint lists, per-layer weights, class counts and weights.
 */
final class ParamRules {
  private ParamRules() {}

  static final String NON_NEGATIVE = "must be >= 0";
  static final String POSITIVE = "must be > 0";
  static final String PROBABILITY = "must be in [0, 1)";

  /** A required endpoint or field name: an empty value is an error that shows an example. */
  static String requiredName(Params p, String name, String example) {
    String v = p.text(name, "").trim();
    if (v.isEmpty()) {
      p.error(name, "is required: name an endpoint the model publishes, for example '" + example + "'");
    }
    return v;
  }

  /** A name with a default (for example the {@code logits} endpoint). */
  static String name(Params p, String name, String defaultValue) {
    String v = p.text(name, defaultValue).trim();
    if (v.isEmpty()) p.error(name, "must not be empty");
    return v.isEmpty() ? defaultValue : v;
  }

  /** A comma-separated list of endpoint names; at least one, no duplicates. */
  static List<String> endpointList(Params p, String name, String example) {
    String raw = p.text(name, "");
    List<String> out = new ArrayList<>();
    for (String s : raw.split(",")) {
      String t = s.trim();
      if (t.isEmpty()) continue;
      if (out.contains(t)) p.error(name, "names '" + t + "' twice, found '" + raw + "'");
      else out.add(t);
    }
    if (out.isEmpty()) {
      p.error(name, "is required: comma-separated endpoint names, for example '" + example + "'");
    }
    return out;
  }

  /**
   * Per-endpoint weights as written: empty when not given; otherwise there must be exactly one
   * non-negative finite number per endpoint.
   */
  static List<Double> weights(Params p, String name, int count) {
    List<Double> given = p.numbers(name, List.of());
    if (given.isEmpty()) return given;
    if (count > 0 && given.size() != count) {
      p.error(name, "needs one weight per endpoint (" + count + "), found " + given.size() + " " + given);
    }
    for (double w : given) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        p.error(name, "weights must be finite and >= 0, found " + given);
        break;
      }
    }
    return List.copyOf(given);
  }

  /** {@code given}, or {@code fill} once per endpoint when nothing was given. */
  static List<Double> orEach(List<Double> given, int count, double fill) {
    return given.isEmpty() ? Collections.nCopies(count, fill) : given;
  }

  /** Number of classes: 0 means "the last dimension of the logits endpoint". */
  static int classes(Params p, int defaultValue) {
    return p.integer("classes", defaultValue, x -> x >= 0 && x != 1,
        "must be 0 (take it from the logits endpoint) or >= 2");
  }
}
