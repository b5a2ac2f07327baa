package dev.auxloss.cli.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of the grid: an id ({@code s1}, {@code s2}... in grid order) and the value of each
 * varied path, in {@code --vary} order.
 */
public record Setting(String id, Map<String, String> values) {

  /** The cartesian product of the {@code --vary} values; the last expression varies fastest. */
  public static List<Setting> grid(List<Vary> varies) {
    List<Map<String, String>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (Vary v : varies) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> p : points) {
        for (String value : v.values()) {
          Map<String, String> q = new LinkedHashMap<>(p);
          q.put(v.path().toString(), value);
          next.add(q);
        }
      }
      points = next;
    }
    List<Setting> out = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) out.add(new Setting("s" + (i + 1), points.get(i)));
    return out;
  }

  /** {@code loss[aux].weight=0.1 weighting.strategy=pcgrad}. */
  public String label() {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  /** The trial of this setting with {@code seed}: {@code s3-seed2}. */
  public String trial(long seed) {
    return id + "-seed" + seed;
  }
}
