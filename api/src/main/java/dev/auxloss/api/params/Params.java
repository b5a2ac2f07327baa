package dev.auxloss.api.params;

import dev.auxloss.api.params.NearestName;
import dev.auxloss.api.loss.ParamSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoublePredicate;

/**
 * Typed parameters from the config, read with defaults. Reading never throws: problems are collected
 * and {@link #check()} throws them all at once, each naming the parameter, the value and the rule.
 *
 * <pre>{@code
 * double w = params.number("temperature", 0.1, t -> t > 0, "must be > 0");
 * params.check(); // throws ConfigException listing every problem
 * }</pre>
 */
public final class Params {
  private final Map<String, ParamValue> values;
  private final Set<String> read = new TreeSet<>();
  private final List<ConfigError> errors = new ArrayList<>();

  public Params(Map<String, ParamValue> values) {
    this.values = new LinkedHashMap<>(values);
  }

  public static Params empty() {
    return new Params(Map.of());
  }

  public static Params of(Object... nameValuePairs) {
    Map<String, ParamValue> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      Object v = nameValuePairs[i + 1];
      ParamValue pv;
      if (v instanceof java.lang.Number n) pv = new ParamValue.Number(n.doubleValue());
      else if (v instanceof Boolean b) pv = new ParamValue.Flag(b);
      else if (v instanceof List<?> l)
        pv = new ParamValue.Numbers(l.stream().map(x -> ((java.lang.Number) x).doubleValue()).toList());
      else pv = new ParamValue.Text(String.valueOf(v));
      m.put((String) nameValuePairs[i], pv);
    }
    return new Params(m);
  }

  public Map<String, ParamValue> values() {
    return Map.copyOf(values);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public double number(String name, double defaultValue) {
    return number(name, defaultValue, x -> true, "");
  }

  /** A number, checked by {@code rule}; {@code ruleText} says the rule ("must be > 0"). */
  public double number(String name, double defaultValue, DoublePredicate rule, String ruleText) {
    read.add(name);
    ParamValue v = values.get(name);
    double x = defaultValue;
    if (v instanceof ParamValue.Number n) x = n.value();
    else if (v != null) wrongType(name, v, "number");
    if (!rule.test(x)) errors.add(ConfigError.of(name, ruleText + ", found " + x));
    return x;
  }

  public int integer(String name, int defaultValue) {
    return integer(name, defaultValue, x -> true, "");
  }

  public int integer(String name, int defaultValue, DoublePredicate rule, String ruleText) {
    double x = number(name, defaultValue, rule, ruleText);
    if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
      errors.add(ConfigError.of(name, "must be a whole number, found " + x));
      return defaultValue;
    }
    return (int) x;
  }

  public String text(String name, String defaultValue) {
    read.add(name);
    ParamValue v = values.get(name);
    if (v instanceof ParamValue.Text t) return t.value();
    if (v != null) wrongType(name, v, "text");
    return defaultValue;
  }

  /** A text that must be one of {@code allowed}. */
  public String choice(String name, String defaultValue, Collection<String> allowed) {
    String s = text(name, defaultValue);
    if (!allowed.contains(s)) {
      errors.add(ConfigError.of(name, "must be one of " + allowed + ", found '" + s + "'"));
      return defaultValue;
    }
    return s;
  }

  public boolean flag(String name, boolean defaultValue) {
    read.add(name);
    ParamValue v = values.get(name);
    if (v instanceof ParamValue.Flag f) return f.value();
    if (v != null) wrongType(name, v, "flag");
    return defaultValue;
  }

  public List<Double> numbers(String name, List<Double> defaultValue) {
    read.add(name);
    ParamValue v = values.get(name);
    if (v instanceof ParamValue.Numbers n) return n.values();
    if (v instanceof ParamValue.Number n) return List.of(n.value());
    if (v != null) wrongType(name, v, "list");
    return defaultValue;
  }

  /** Records a problem found by the caller (a cross-parameter rule). */
  public void error(String name, String message) {
    errors.add(ConfigError.of(name, message));
  }

  /** Throws every problem found so far, plus every parameter that was given but never read. */
  public void check() {
    check(List.of());
  }

  /** Like {@link #check()}, naming the known parameters when an unknown one was given. */
  public void check(List<ParamSpec> known) {
    List<ConfigError> all = new ArrayList<>(errors);
    Set<String> names = new TreeSet<>(read);
    known.forEach(p -> names.add(p.name()));
    for (String name : values.keySet()) {
      if (!read.contains(name)) {
        Optional<String> meant = NearestName.nearest(name, names);
        // The misspelling is the cause; "endpoint is required" about the name it stands for is its echo.
        meant.filter(m -> !values.containsKey(m)).ifPresent(m -> all.removeIf(e -> e.field().equals(m)));
        all.add(ConfigError.of(name, "unknown parameter '" + name + "'"
            + meant.map(m -> "; did you mean '" + m + "'?").orElse(";") + " known parameters: " + names));
      }
    }
    if (!all.isEmpty()) throw new ConfigException(all);
  }

  private void wrongType(String name, ParamValue v, String expected) {
    errors.add(
        ConfigError.of(name, "must be a " + expected + ", found a " + v.typeName() + " " + show(v)));
  }

  private static String show(ParamValue v) {
    if (v instanceof ParamValue.Number n) return String.valueOf(n.value());
    if (v instanceof ParamValue.Text t) return "'" + t.value() + "'";
    if (v instanceof ParamValue.Flag f) return String.valueOf(f.value());
    return ((ParamValue.Numbers) v).values().toString();
  }
}
