package dev.auxloss.cli.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PATH=VALUE,PATH=VALUE} over the varied paths: the form {@code --baseline} and {@code
 * --setting} share. Every problem is an {@link IllegalArgumentException} naming the option, the
 * expression and the rule.
 */
final class Assignments {
  private Assignments() {}

  /** Path → value in the order written; each path must be one of {@code varied}. */
  static Map<String, String> parse(String option, String expression, List<String> varied) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : expression.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw bad(
            option, expression, "expected PATH=VALUE,PATH=VALUE, found '" + part.strip() + "'");
      }
      String path = part.substring(0, eq).strip();
      if (!varied.contains(path)) {
        throw bad(
            option,
            expression,
            path + " is not varied; the varied paths are " + String.join(", ", varied));
      }
      if (out.put(path, part.substring(eq + 1).strip()) != null)
        throw bad(option, expression, path + " is given twice");
    }
    return out;
  }

  static IllegalArgumentException bad(String option, String expression, String why) {
    return new IllegalArgumentException(option + " '" + expression + "': " + why);
  }
}
