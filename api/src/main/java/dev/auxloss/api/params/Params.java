package dev.auxloss.api.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 * <p>{@link #of} makes unchecked parameters for code and tests; reading one of them with {@link
 * #get} checks that parameter alone.
 */
public final class Params {
  private final Map<String, ParamValue> values;
  private final Map<String, Object> parsed; // by declared name; null when not made by parse()

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
        throw new IllegalArgumentException(
            "parameter '" + p.name() + "' is declared twice (a plugin bug)");
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
      // The misspelling is the cause; "endpoint is required" about the name it stands for is its
      // echo.
      meant.filter(m -> !written.containsKey(m)).ifPresent(problems::remove);
      all.add(
          ConfigError.of(
              name,
              "unknown parameter '"
                  + name
                  + "'"
                  + meant.map(m -> "; did you mean '" + m + "'?").orElse(";")
                  + " known parameters: "
                  + names));
    }
    all.addAll(0, problems.values());
    if (!all.isEmpty()) throw new ConfigException(all);
    return new Params(written, typed);
  }

  public static Params empty() {
    return new Params(Map.of());
  }

  /**
   * {@link #parse} of {@code Params.of(nameValuePairs)}: for code and tests that check as the
   * framework does.
   */
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
        pv =
            new ParamValue.Numbers(
                l.stream().map(x -> ((java.lang.Number) x).doubleValue()).toList());
      else pv = new ParamValue.Text(String.valueOf(v));
      m.put((String) nameValuePairs[i], pv);
    }
    return new Params(m);
  }

  /** The value of {@code param}: as written, else its default. */
  public <T> T get(Param<T> param) {
    if (parsed != null) {
      if (!parsed.containsKey(param.name())) {
        throw new IllegalStateException(
            "parameter '"
                + param.name()
                + "' is read but was not declared "
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
}
