package dev.auxloss.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSegmentsTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> report(String json) {
    return (Map<String, Object>) Json.parse(json);
  }

  private static List<List<Object>> spans(List<Map<String, Object>> segments) {
    return segments.stream()
        .map(s -> List.<Object>of(s.get("start_step"), s.get("end_step")))
        .toList();
  }

  @Test
  void aResumeFromAnOlderCheckpointEndsTheHistoryThere() {
    Map<String, Object> earlier =
        report(
            """
        {"final_step": 35, "segments": [
          {"started_at": "2026-12-06T09:00:00Z", "start_step": 0, "end_step": 20, "seconds": 4.5, "skipped_batches": 1},
          {"started_at": "2026-12-06T09:10:00Z", "start_step": 20, "end_step": 35, "seconds": 3, "skipped_batches": 0}]}
        """);
    List<Map<String, Object>> kept = RunSegments.upTo(earlier, 10);
    assertThat(spans(kept)).containsExactly(List.of(0L, 10L));
    assertThat(kept.get(0))
        .containsEntry("started_at", "2026-12-06T09:00:00Z")
        .containsEntry("seconds", 4.5);
    assertThat(spans(RunSegments.upTo(earlier, 30)))
        .containsExactly(List.of(0L, 20L), List.of(20L, 30L));
    assertThat(RunSegments.upTo(earlier, 0)).isEmpty();
    assertThat(RunSegments.sum(RunSegments.upTo(earlier, 35), "seconds")).isEqualTo(7.5);
  }

  @Test
  void stepsNoReportCoversStillCount() {
    // a report written before segments existed
    assertThat(spans(RunSegments.upTo(report("{\"final_step\": 6, \"seconds\": 2.0}"), 6)))
        .containsExactly(List.of(0L, 6L));
    // the checkpoint at 30 was written after the report at 20: the same process ran to it
    Map<String, Object> upTo20 =
        report("{\"segments\": [{\"start_step\": 0, \"end_step\": 20, \"seconds\": 1}]}");
    assertThat(spans(RunSegments.upTo(upTo20, 30))).containsExactly(List.of(0L, 30L));
    // no report at all (a run killed by an auxloss that wrote it only at the end)
    List<Map<String, Object>> none = RunSegments.upTo(Map.of(), 20);
    assertThat(spans(none)).containsExactly(List.of(0L, 20L));
    assertThat(none.get(0).get("seconds")).isNull();
  }

  @Test
  void jsonReadsBackWhatItWrites() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("s", "a\"b\\c\nd");
    m.put("n", 3L);
    m.put("x", 0.25);
    m.put("l", List.of(new double[] {1, 0.3}));
    m.put("z", null);
    m.put("b", true);
    Map<String, Object> back = report(Json.write(m));
    assertThat(back)
        .containsEntry("s", "a\"b\\c\nd")
        .containsEntry("n", 3L)
        .containsEntry("x", 0.25)
        .containsEntry("z", null)
        .containsEntry("b", true);
    assertThat(back.get("l")).isEqualTo(List.of(List.of(1L, 0.3)));
  }
}
