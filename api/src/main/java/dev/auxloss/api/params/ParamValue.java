package dev.auxloss.api.params;

import java.util.List;

/**
 * A typed parameter value as written in the config: a number, a text, a flag or a list of numbers.
 */
public sealed interface ParamValue {
  record Number(double value) implements ParamValue {}

  record Text(String value) implements ParamValue {}

  record Flag(boolean value) implements ParamValue {}

  record Numbers(List<Double> values) implements ParamValue {
    public Numbers {
      values = List.copyOf(values);
    }
  }

  /** Config-facing type name, as {@link ParamType} writes it. */
  default String typeName() {
    if (this instanceof Number) return "number";
    if (this instanceof Text) return "text";
    if (this instanceof Flag) return "flag";
    return "list";
  }
}
