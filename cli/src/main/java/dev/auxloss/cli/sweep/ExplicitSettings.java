package dev.auxloss.cli.sweep;

import dev.auxloss.config.proto.Experiment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --setting "loss[aux].weight=1,weighting.strategy=pcgrad"} (repeatable): a setting added
 * after the grid, for comparisons that are not a cartesian product — static weights 0.3, 1, 3 and
 * the adaptive strategies at weight 1 only, say. Each gives one value for every varied path; its id
 * continues the grid's ({@code s5}, {@code s6}...).
 */
public final class ExplicitSettings {
  static final String OPTION = "--setting";

  private ExplicitSettings() {}

  /**
   * {@code grid} followed by one setting per expression, each value set on {@code base} as {@code
   * --vary}'s are; an {@link IllegalArgumentException} names the expression and the rule: a path
   * not varied or missing, a value that cannot be set, a setting already there.
   */
  public static List<Setting> append(
      List<Setting> grid, List<String> expressions, List<Vary> varies, Experiment base) {
    List<String> varied = varies.stream().map(v -> v.path().toString()).toList();
    List<Setting> out = new ArrayList<>(grid);
    for (String expression : expressions) {
      Map<String, String> given = Assignments.parse(OPTION, expression, varied);
      Map<String, String> values = new LinkedHashMap<>();
      for (Vary v : varies) {
        String path = v.path().toString();
        String value = given.get(path);
        if (value == null) {
          throw Assignments.bad(
              OPTION,
              expression,
              "no value for " + path + "; give one for each of " + String.join(", ", varied));
        }
        try {
          v.path().set(base, value);
        } catch (IllegalArgumentException e) {
          throw Assignments.bad(OPTION, expression, e.getMessage());
        }
        values.put(path, value);
      }
      for (Setting s : out) {
        if (sameValues(s.values(), values)) {
          throw Assignments.bad(
              OPTION, expression, "the same as setting " + s.id() + " (" + s.label() + ")");
        }
      }
      out.add(new Setting("s" + (out.size() + 1), values));
    }
    return out;
  }

  private static boolean sameValues(Map<String, String> a, Map<String, String> b) {
    return a.keySet().stream().allMatch(p -> Baseline.same(a.get(p), b.get(p)));
  }
}
