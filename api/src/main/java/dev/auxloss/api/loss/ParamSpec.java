package dev.auxloss.api.loss;

import dev.auxloss.api.params.Param;
import java.util.Arrays;
import java.util.List;

/** Transitional: the old spelling of {@link Param}'s factories, removed once every plugin declares {@link Param}s. */
@Deprecated(forRemoval = true)
public final class ParamSpec {
  private ParamSpec() {}

  public static Param<Double> number(String name, double defaultValue, String description) {
    return Param.number(name, defaultValue, description);
  }

  public static Param<Integer> integer(String name, long defaultValue, String description) {
    return Param.integer(name, (int) defaultValue, description);
  }

  public static Param<String> text(String name, String defaultValue, String description) {
    return Param.text(name, defaultValue, description);
  }

  public static Param<Boolean> flag(String name, boolean defaultValue, String description) {
    return Param.flag(name, defaultValue, description);
  }

  public static Param<List<Double>> list(String name, String defaultValue, String description) {
    List<Double> values = defaultValue.isBlank() ? List.of()
        : Arrays.stream(defaultValue.split(",")).map(String::trim).map(Double::valueOf).toList();
    return Param.numbers(name, values, description);
  }
}
