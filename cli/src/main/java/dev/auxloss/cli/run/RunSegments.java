package dev.auxloss.cli.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The segments of {@code run.json}: one per process that trained the run, each {@code
 * {"started_at", "start_step", "end_step", "seconds", "skipped_batches"}}. On resume from step r,
 * the history is what the earlier report holds up to r: later segments are dropped, the one
 * spanning r ends there.
 */
final class RunSegments {
  private RunSegments() {}

  static Map<String, Object> segment(
      String startedAt, long startStep, long endStep, Double seconds, long skipped) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("started_at", startedAt);
    s.put("start_step", startStep);
    s.put("end_step", endStep);
    s.put("seconds", seconds);
    s.put("skipped_batches", skipped);
    return s;
  }

  /**
   * The segments of an earlier report that lead to {@code restoredStep}. A report from before
   * segments were recorded counts as one segment from 0; steps no report covers (a checkpoint
   * written after the last report) are added to the last segment, or form one of unknown duration
   * when there is none.
   */
  static List<Map<String, Object>> upTo(Map<String, Object> report, long restoredStep) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> s : earlier(report)) {
      long start = number(s.get("start_step"));
      if (start >= restoredStep) continue;
      Map<String, Object> kept = new LinkedHashMap<>(s);
      kept.put("end_step", Math.min(number(s.get("end_step")), restoredStep));
      out.add(kept);
    }
    long covered = out.isEmpty() ? 0 : number(out.get(out.size() - 1).get("end_step"));
    if (covered < restoredStep) {
      if (out.isEmpty()) out.add(segment(null, 0, restoredStep, null, 0));
      else out.get(out.size() - 1).put("end_step", restoredStep);
    }
    return out;
  }

  /** The sum of a numeric field over the segments (unknown values count as 0). */
  static double sum(List<Map<String, Object>> segments, String field) {
    return segments.stream()
        .mapToDouble(s -> s.get(field) instanceof Number n ? n.doubleValue() : 0)
        .sum();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> earlier(Map<String, Object> report) {
    if (report.get("segments") instanceof List<?> l) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Object o : l) {
        if (o instanceof Map<?, ?> m && m.get("start_step") instanceof Number)
          out.add((Map<String, Object>) m);
      }
      return out;
    }
    if (!(report.get("final_step") instanceof Number end)) return List.of();
    Double seconds = report.get("seconds") instanceof Number n ? n.doubleValue() : null;
    return List.of(
        segment(null, 0, end.longValue(), seconds, number(report.get("skipped_batches"))));
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
