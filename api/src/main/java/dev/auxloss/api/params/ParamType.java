package dev.auxloss.api.params;

/**
 * How a parameter is written in the config ({@code param { name: ... number|text|flag|numbers: ...
 * }}).
 */
public enum ParamType {
  NUMBER("number"),
  /** A number that must be whole. */
  INTEGER("integer"),
  TEXT("text"),
  FLAG("flag"),
  /** A list of numbers ({@code numbers { value: ... }}); a single number is a list of one. */
  LIST("list");

  private final String configName;

  ParamType(String configName) {
    this.configName = configName;
  }

  /** The name users see in errors and {@code auxloss list-*}. */
  @Override
  public String toString() {
    return configName;
  }
}
