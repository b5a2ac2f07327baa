package dev.auxloss.api.params;

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
 * The parameters a config gave one plugin, checked against what the plugin declared. The framework
 * calls {@link #parse} with the factory's declared {@link Param}s before the factory runs: a wrong
 * type, a broken rule, a missing required parameter and an unknown (misspelt) name are all reported
 * together, each naming the parameter, the value and the rule. The factory then only reads:
 *
 * <pre>{@code
 * double t = params.get(TEMPERATURE);
 * }</pre>
 *
 * <p>{@link #of} makes unchecked parameters for code and tests; reading one of them with {@link #get}
 * checks that parameter alone.
 */
public final class Params {
  private final Map<String, ParamValue> values;
  private final Map<String, Object> parsed; // by declared name; null when not made by parse()
  private final Set<String> read = new TreeSet<>();
  private final List<ConfigError> errors = new ArrayList<>();

  public Params(Map<String, ParamValue> values) {
    this(values, null);
  }

  private Params(Map<String, ParamValue> values, Map<String, Object> parsed) {
    this.values = new LinkedHashMap<>(values);
    this.parsed = parsed;
  }

  /**
   * Checks {@code written} against {@code declared}: every problem is thrown at once as a {@link
   * ConfigException} whose fields are the parameter names.
   */
  public static Params parse(List<? extends Param<?>> declared, Map<String, ParamValue> written) {
    Map<String, Object> typed = new LinkedHashMap<>();
    Map<String, ConfigError> problems = new LinkedHashMap<>();
    for (Param<?> p : declared) {
      if (typed.containsKey(p.name()) || problems.containsKey(p.name())) {
        throw new IllegalArgumentException("parameter '" + p.name() + "' is declared twice (a plugin bug)");
      }
      Param.Result<?> r = p.read(written.get(p.name()));
      if (r.failed()) problems.put(p.name(), ConfigError.of(p.name(), r.problem()));
      else typed.put(p.name(), r.value());
    }
    Set<String> names = new TreeSet<>();
    declared.forEach(p -> names.add(p.name()));
    List<ConfigError> all = new ArrayList<>();
    for (String name : written.keySet()) {
      if (names.contains(name)) continue;
      Optional<String> meant = NearestName.nearest(name, names);
      // The misspelling is the cause; "endpoint is required" about the name it stands for is its echo.
      meant.filter(m -> !written.containsKey(m)).ifPresent(problems::remove);
      all.add(ConfigError.of(name, "unknown parameter '" + name + "'"
          + meant.map(m -> "; did you mean '" + m + "'?").orElse(";") + " known parameters: " + names));
    }
    all.addAll(0, problems.values());
    if (!all.isEmpty()) throw new ConfigException(all);
    return new Params(written, typed);
  }

  public static Params empty() {
    return new Params(Map.of());
  }

  /** {@link #parse} of {@code Params.of(nameValuePairs)}: for code and tests that check as the framework does. */
  public static Params parse(List<? extends Param<?>> declared, Object... nameValuePairs) {
    return parse(declared, of(nameValuePairs).values());
  }

  /** Unchecked parameters: {@code Params.of("temperature", 0.1, "endpoint", "features")}. */
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

  /** The value of {@code param}: as written, else its default. */
  public <T> T get(Param<T> param) {
    if (parsed != null) {
      if (!parsed.containsKey(param.name())) {
        throw new IllegalStateException("parameter '" + param.name() + "' is read but was not declared "
            + "(add it to the descriptor's params)");
      }
      @SuppressWarnings("unchecked")
      T value = (T) parsed.get(param.name());
      return value;
    }
    Param.Result<T> r = param.read(values.get(param.name()));
    if (r.failed()) throw new ConfigException(ConfigError.of(param.name(), r.problem()));
    return r.value();
  }

  /** Whether the config wrote {@code param} (rather than leaving it to its default). */
  public boolean isSet(Param<?> param) {
    return values.containsKey(param.name());
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
  public void check(List<? extends Param<?>> known) {
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
