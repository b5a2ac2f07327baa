package dev.auxloss.api.params;

/**
 * One configuration problem: where it is, which field, the value found and the rule it breaks.
 *
 * <p>Rendered as {@code "experiment.pbtxt:14:3: losses[1].weight: must be >= 0, found -0.3"}.
 *
 * @param location {@code file:line:column}, or empty when the problem has no place in a file
 * @param field the field path, for example {@code losses[1].weight}
 * @param message the rule and the value found
 */
public record ConfigError(String location, String field, String message) {
  public ConfigError {
    location = location == null ? "" : location;
    field = field == null ? "" : field;
  }

  public static ConfigError of(String field, String message) {
    return new ConfigError("", field, message);
  }

  /**
   * What went wrong in {@code cause}, for a user: its message, or its simple class name when it has
   * none. Never the fully qualified class name ({@code java.lang.IllegalStateException: ...}).
   */
  public static String reason(Throwable cause) {
    String m = cause.getMessage();
    Throwable inner = cause.getCause();
    // new RuntimeException(e) takes e.toString() as its message: say e's reason instead.
    if (inner != null
        && inner != cause
        && (m == null || m.isBlank() || m.equals(inner.toString()))) {
      return reason(inner);
    }
    return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m.strip();
  }

  public ConfigError at(String newLocation) {
    return location.isEmpty() ? new ConfigError(newLocation, field, message) : this;
  }

  public ConfigError under(String parentField) {
    return new ConfigError(
        location, field.isEmpty() ? parentField : parentField + "." + field, message);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (!location.isEmpty()) sb.append(location).append(": ");
    if (!field.isEmpty()) sb.append(field).append(": ");
    return sb.append(message).toString();
  }
}
