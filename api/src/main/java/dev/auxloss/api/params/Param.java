package dev.auxloss.api.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One parameter of a loss, model, dataset, strategy or metric, declared once: its name, type,
 * default, rules and meaning. The framework reads it from the config, checks it and reports every
 * problem at once before the factory runs ({@link Params#parse}); the factory only calls {@link
 * Params#get}. {@code auxloss list-*} and {@code validate --resolved} print it from here.
 *
 * <pre>{@code
 * static final Param<String> ENDPOINT = Param.text("endpoint", "features", "endpoint to penalise");
 * static final Param<Double> TEMPERATURE = Param.number("temperature", 0.05, "softmax τ").above(0);
 * static final Param<String> HEAD = Param.choice("head", "small", List.of("small", "googlenet"), "head size");
 * ...
 * double t = params.get(TEMPERATURE); // 0.05 unless the config says otherwise
 * }</pre>
 *
 * @param <T> {@code Double}, {@code Integer}, {@code String}, {@code Boolean} or {@code
 *     List<Double>}
 */
public final class Param<T> {
  private record Rule<T>(Predicate<T> test, String text) {}

  private final String name;
  private final ParamType type;
  private final T defaultValue; // null: required
  private final String example; // shown when a required parameter is missing
  private final String doc;
  private final List<String> choices;
  private final List<Rule<T>> rules;

  private Param(
      String name,
      ParamType type,
      T defaultValue,
      String example,
      String doc,
      List<String> choices,
      List<Rule<T>> rules) {
    this.name = Objects.requireNonNull(name, "name");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "parameter name must be lower snake case, found '" + name + "'");
    }
    this.type = type;
    this.defaultValue = defaultValue;
    this.example = example;
    this.doc = doc == null ? "" : doc;
    this.choices = List.copyOf(choices);
    this.rules = List.copyOf(rules);
  }

  public static Param<Double> number(String name, double defaultValue, String doc) {
    return new Param<>(name, ParamType.NUMBER, defaultValue, "", doc, List.of(), List.of());
  }

  public static Param<Integer> integer(String name, int defaultValue, String doc) {
    return new Param<>(name, ParamType.INTEGER, defaultValue, "", doc, List.of(), List.of());
  }

  public static Param<String> text(String name, String defaultValue, String doc) {
    return new Param<>(
        name,
        ParamType.TEXT,
        Objects.requireNonNull(defaultValue, "defaultValue"),
        "",
        doc,
        List.of(),
        List.of());
  }

  /** A text that must be one of {@code choices}; the default must be one of them. */
  public static Param<String> choice(
      String name, String defaultValue, List<String> choices, String doc) {
    if (!choices.contains(defaultValue)) {
      throw new IllegalArgumentException(
          name + ": default '" + defaultValue + "' is not among " + choices);
    }
    return new Param<>(name, ParamType.TEXT, defaultValue, "", doc, choices, List.of());
  }

  public static Param<Boolean> flag(String name, boolean defaultValue, String doc) {
    return new Param<>(name, ParamType.FLAG, defaultValue, "", doc, List.of(), List.of());
  }

  public static Param<List<Double>> numbers(String name, List<Double> defaultValue, String doc) {
    return new Param<>(
        name, ParamType.LIST, List.copyOf(defaultValue), "", doc, List.of(), List.of());
  }

  /**
   * The same parameter without a default: leaving it out is an error that shows {@code example}.
   */
  public Param<T> required(String example) {
    return new Param<>(name, type, null, example, doc, choices, rules);
  }

  /**
   * Adds a rule: a value failing {@code test} is reported as "{@code text}, found {@code value}".
   */
  public Param<T> check(Predicate<T> test, String text) {
    List<Rule<T>> more = new ArrayList<>(rules);
    more.add(new Rule<>(test, text));
    return new Param<>(name, type, defaultValue, example, doc, choices, more);
  }

  /** A number or integer rule: {@code value >= min}. */
  public Param<T> atLeast(double min) {
    return check(v -> asDouble(v) >= min, "must be >= " + show(min));
  }

  /** A number or integer rule: {@code value > min}. */
  public Param<T> above(double min) {
    return check(v -> asDouble(v) > min, "must be > " + show(min));
  }

  /** A number rule: {@code 0 <= value < 1}. */
  public Param<T> fraction() {
    return check(v -> asDouble(v) >= 0 && asDouble(v) < 1, "must be in [0, 1)");
  }

  /** A text rule: not empty or blank. */
  public Param<T> nonBlank() {
    return check(v -> !((String) v).isBlank(), "must not be empty");
  }

  /**
   * {@code value} when it keeps this parameter's choices and rules, else a {@link ConfigException}
   * naming the parameter: for records built in code, so the rule is stated once, here.
   *
   * <pre>{@code
   * public NtXentLoss { TEMPERATURE.validate(temperature); }
   * }</pre>
   */
  public T validate(T value) {
    Result<T> r = check(Objects.requireNonNull(value, name));
    if (r.failed()) throw new ConfigException(ConfigError.of(name, r.problem()));
    return value;
  }

  public String name() {
    return name;
  }

  public ParamType type() {
    return type;
  }

  /** The default; null when the parameter is {@link #required}. */
  public T defaultValue() {
    return defaultValue;
  }

  public boolean isRequired() {
    return defaultValue == null;
  }

  /** The allowed texts of a {@link #choice}, else empty. */
  public List<String> choices() {
    return choices;
  }

  /** The rules, as users read them ("must be > 0"). */
  public List<String> ruleTexts() {
    return rules.stream().map(Rule::text).toList();
  }

  public String doc() {
    return doc;
  }

  /**
   * The default as the config would write it ("" for an empty text or list); {@code "(required)"}
   * when there is none.
   */
  public String defaultText() {
    if (defaultValue == null) return "(required)";
    if (defaultValue instanceof List<?> list && list.isEmpty())
      return ""; // as the config writes nothing
    return defaultValue instanceof String text ? text : render(defaultValue);
  }

  /**
   * The value of a written entry, or the problem with it ("must be a number, found a text 'x'").
   */
  Result<T> read(ParamValue written) {
    T value;
    if (written == null) {
      if (defaultValue == null) {
        return Result.problem(
            "is required" + (example.isEmpty() ? "" : ", for example '" + example + "'"));
      }
      value = defaultValue;
    } else {
      if (type == ParamType.INTEGER
          && written instanceof ParamValue.Number n
          && whole(n.value()) == null) {
        return Result.problem("must be a whole number, found " + n.value());
      }
      Object converted = convert(written);
      if (converted == null) {
        return Result.problem(
            "must be "
                + (type == ParamType.INTEGER ? "an " : "a ")
                + type
                + ", found a "
                + written.typeName()
                + " "
                + render(written));
      }
      @SuppressWarnings("unchecked")
      T typed = (T) converted;
      value = typed;
    }
    return check(value);
  }

  private Result<T> check(T value) {
    if (!finite(value)) return Result.problem("must be a finite number, found " + render(value));
    if (!choices.isEmpty() && !choices.contains(value)) {
      return Result.problem("must be one of " + choices + ", found " + render(value));
    }
    for (Rule<T> r : rules) {
      if (!r.test().test(value)) return Result.problem(r.text() + ", found " + render(value));
    }
    return Result.ok(value);
  }

  private Object convert(ParamValue v) {
    return switch (type) {
      case NUMBER -> v instanceof ParamValue.Number n ? n.value() : null;
      case INTEGER -> v instanceof ParamValue.Number n ? whole(n.value()) : null;
      case TEXT -> v instanceof ParamValue.Text t ? t.value() : null;
      case FLAG -> v instanceof ParamValue.Flag f ? f.value() : null;
      case LIST ->
          v instanceof ParamValue.Numbers n
              ? n.values()
              : v instanceof ParamValue.Number n ? List.of(n.value()) : null;
    };
  }

  /** A whole number as an Integer; a fraction or an out-of-range number fails the type. */
  private static Object whole(double x) {
    return x == Math.rint(x) && Math.abs(x) <= Integer.MAX_VALUE ? (Object) (int) x : null;
  }

  /** NaN and ±infinity are never a parameter's value (the text format would accept {@code inf}). */
  private static boolean finite(Object v) {
    if (v instanceof Double d) return Double.isFinite(d);
    if (v instanceof List<?> l) return l.stream().allMatch(Param::finite);
    return true;
  }

  private static double asDouble(Object v) {
    return ((java.lang.Number) v).doubleValue();
  }

  static String show(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? String.valueOf((long) x) : String.valueOf(x);
  }

  static String render(Object v) {
    if (v instanceof ParamValue.Number n) return String.valueOf(n.value());
    if (v instanceof ParamValue.Text t) return "'" + t.value() + "'";
    if (v instanceof ParamValue.Flag f) return String.valueOf(f.value());
    if (v instanceof ParamValue.Numbers n) return n.values().toString();
    if (v instanceof String s) return "'" + s + "'";
    return String.valueOf(v);
  }

  /** A read value or the problem with it. */
  record Result<T>(T value, String problem) {
    static <T> Result<T> ok(T value) {
      return new Result<>(value, null);
    }

    static <T> Result<T> problem(String text) {
      return new Result<>(null, text);
    }

    boolean failed() {
      return problem != null;
    }
  }

  @Override
  public String toString() {
    return name + " (" + type + ", default " + defaultText() + ")";
  }
}
