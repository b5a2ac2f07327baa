package dev.auxloss.api.loss;

import java.util.Objects;

/**
 * One configurable parameter of a loss, model, dataset or strategy: its name, type, default and
 * meaning. Read by config validation, {@code auxloss list-losses} and the docs.
 *
 * @param name the config name, lower snake case
 * @param type {@code number}, {@code integer}, {@code text}, {@code flag} or {@code list}
 * @param defaultValue the default, rendered as text ({@code "0.3"}); empty when required (say
 *     "(required)" in the description) or when the empty value is the default
 * @param description one line on what it does
 */
public record ParamSpec(String name, String type, String defaultValue, String description) {
  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    defaultValue = defaultValue == null ? "" : defaultValue;
    description = description == null ? "" : description;
  }

  public static ParamSpec number(String name, double defaultValue, String description) {
    return new ParamSpec(name, "number", String.valueOf(defaultValue), description);
  }

  public static ParamSpec integer(String name, long defaultValue, String description) {
    return new ParamSpec(name, "integer", String.valueOf(defaultValue), description);
  }

  public static ParamSpec text(String name, String defaultValue, String description) {
    return new ParamSpec(name, "text", defaultValue, description);
  }

  public static ParamSpec flag(String name, boolean defaultValue, String description) {
    return new ParamSpec(name, "flag", String.valueOf(defaultValue), description);
  }

  public static ParamSpec list(String name, String defaultValue, String description) {
    return new ParamSpec(name, "list", defaultValue, description);
  }
}
