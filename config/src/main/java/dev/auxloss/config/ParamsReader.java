package dev.auxloss.config;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.ParamValue;
import dev.auxloss.api.params.Params;
import dev.auxloss.config.proto.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns {@code param { name: ... number|text|flag|numbers: ... }} entries into {@link Params} and
 * calls a factory with them, placing the factory's errors under the block's field path: an error
 * about {@code temperature} in the second loss becomes {@code loss[1].param.temperature}, located
 * at that param entry (or at the loss block when the parameter was not written).
 */
final class ParamsReader {
  private ParamsReader() {}

  /** The typed params; an entry without a name or value, or a name given twice, is an error. */
  static Params read(List<Param> entries, String field, ErrorCollector errors) {
    Map<String, ParamValue> values = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      Param p = entries.get(i);
      String at = field + ".param[" + i + "]";
      if (p.getName().isEmpty()) {
        errors.add(at + ".name", "a parameter needs a name");
        continue;
      }
      ParamValue v =
          switch (p.getValueCase()) {
            case NUMBER -> new ParamValue.Number(p.getNumber());
            case TEXT -> new ParamValue.Text(p.getText());
            case FLAG -> new ParamValue.Flag(p.getFlag());
            case NUMBERS -> new ParamValue.Numbers(p.getNumbers().getValueList());
            case VALUE_NOT_SET -> null;
          };
      if (v == null) {
        errors.addAt(
            at,
            field + ".param." + p.getName(),
            "parameter '"
                + p.getName()
                + "' has no value; give one of number, text, flag or numbers");
      } else if (values.containsKey(p.getName())) {
        errors.addAt(
            at,
            field + ".param." + p.getName(),
            "parameter '"
                + p.getName()
                + "' is given twice (also param["
                + indexOf(entries, p.getName())
                + "])");
      } else {
        values.put(p.getName(), v);
      }
    }
    return new Params(values);
  }

  /**
   * Checks {@code params} against what the plugin {@code declared} ({@link Params#parse}: types,
   * rules, required and unknown names), then calls {@code factory}; every {@link ConfigException}
   * or an {@link IllegalArgumentException} (from a parameter record) becomes errors under {@code
   * field}. Returns null when the params were rejected.
   */
  static <T> T create(
      Function<Params, T> factory,
      List<? extends dev.auxloss.api.params.Param<?>> declared,
      Params params,
      List<Param> entries,
      String field,
      String what,
      ErrorCollector errors) {
    try {
      T made = factory.apply(Params.parse(declared, params.values()));
      if (made == null)
        errors.add(field, what + " made nothing from its parameters (a plugin bug)");
      return made;
    } catch (ConfigException e) {
      // A parameter written without a value is already reported; "is required" about it is an echo.
      List<ConfigError> own =
          e.errors().stream()
              .filter(
                  err ->
                      entries.stream()
                          .noneMatch(
                              p ->
                                  p.getName().equals(err.field())
                                      && p.getValueCase() == Param.ValueCase.VALUE_NOT_SET))
              .toList();
      if (own.isEmpty()) return null;
      errors.addAll(
          new ConfigException(own),
          field + ".param",
          name -> {
            int i = indexOf(entries, name);
            return i >= 0 ? field + ".param[" + i + "]" : field;
          });
    } catch (IllegalArgumentException e) {
      errors.add(field, what + " rejected its parameters: " + e.getMessage());
    }
    return null;
  }

  static int indexOf(List<Param> entries, String name) {
    for (int i = 0; i < entries.size(); i++) if (entries.get(i).getName().equals(name)) return i;
    return -1;
  }
}
