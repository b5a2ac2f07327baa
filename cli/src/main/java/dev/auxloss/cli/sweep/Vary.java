package dev.auxloss.cli.sweep;

import dev.auxloss.config.proto.Experiment;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code --vary PATH=V1,V2,...}: a config field ({@link ConfigPath}) and the values it takes.
 * {@link #check} applies every value to the base config, so an unknown field, an unknown term or a
 * value of the wrong type is refused before anything runs.
 */
public record Vary(String expression, ConfigPath path, List<String> values) {

  /** Parses {@code expression}; an {@link IllegalArgumentException} names it and the rule. */
  public static Vary parse(String expression) {
    int eq = expression.indexOf('=');
    if (eq <= 0) throw bad(expression, "expected PATH=V1,V2,... (e.g. loss[aux].weight=0,0.1,0.3)");
    String path = expression.substring(0, eq).strip();
    List<String> values =
        Arrays.stream(expression.substring(eq + 1).split(",", -1)).map(String::strip).toList();
    if (values.stream().allMatch(String::isEmpty))
      throw bad(expression, path + ": no values after '='");
    if (values.stream().anyMatch(String::isEmpty))
      throw bad(expression, path + ": an empty value between commas");
    if (values.stream().distinct().count() < values.size())
      throw bad(expression, path + ": a value is listed twice");
    return new Vary(expression, ConfigPath.parse(path), values);
  }

  /**
   * Sets each value on {@code base}; the first that cannot be set is refused, naming this
   * expression.
   */
  public void check(Experiment base) {
    for (String v : values) apply(base, v);
  }

  /** {@code base} with this field set to {@code value}. */
  public Experiment apply(Experiment base, String value) {
    try {
      return path.set(base, value);
    } catch (IllegalArgumentException e) {
      throw bad(expression, e.getMessage());
    }
  }

  private static IllegalArgumentException bad(String expression, String why) {
    return new IllegalArgumentException("--vary '" + expression + "': " + why);
  }
}
