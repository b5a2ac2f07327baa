package dev.auxloss.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --baseline "loss[aux].weight=0,weighting.strategy=static"}: the setting every other one is
 * compared with. Each assignment names a varied path and one of its values ({@code 0} matches
 * {@code 0.0}); together they must select exactly one setting. Without {@code --baseline}, the
 * first setting.
 */
public final class Baseline {
  private Baseline() {}

  /**
   * The setting {@code expression} selects; an {@link IllegalArgumentException} says why none or
   * several.
   */
  public static Setting select(String expression, List<Setting> settings) {
    if (expression == null) return settings.get(0);
    List<String> varied = List.copyOf(settings.get(0).values().keySet());
    Map<String, String> wanted = Assignments.parse("--baseline", expression, varied);
    List<Setting> matching = new ArrayList<>();
    for (Setting s : settings) {
      boolean all =
          wanted.entrySet().stream().allMatch(w -> same(s.values().get(w.getKey()), w.getValue()));
      if (all) matching.add(s);
    }
    if (matching.size() == 1) return matching.get(0);
    if (matching.isEmpty()) {
      throw bad(
          expression, "no setting of the grid has these values (" + values(wanted, settings) + ")");
    }
    throw bad(
        expression,
        "matches "
            + matching.size()
            + " settings; give a value for each of "
            + String.join(", ", varied));
  }

  /** Equal as text, or as numbers ({@code 0} and {@code 0.0}). */
  static boolean same(String a, String b) {
    if (a.equals(b)) return true;
    try {
      return Double.parseDouble(a) == Double.parseDouble(b);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String values(Map<String, String> wanted, List<Setting> settings) {
    List<String> out = new ArrayList<>();
    for (String path : wanted.keySet()) {
      out.add(
          path
              + " takes "
              + String.join(
                  ", ", settings.stream().map(s -> s.values().get(path)).distinct().toList()));
    }
    return String.join("; ", out);
  }

  private static IllegalArgumentException bad(String expression, String why) {
    return Assignments.bad("--baseline", expression, why);
  }
}
