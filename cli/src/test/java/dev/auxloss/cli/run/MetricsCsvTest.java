package dev.auxloss.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.tf.train.StepMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
  @TempDir Path dir;

  @Test
  void aResumeDropsRowsPastTheRestoredStepAndATornLineThenAppends() throws Exception {
    Path file = dir.resolve("metrics.csv");
    // logged by an older auxloss that resumed at 2 by appending, then killed mid-row at step 5
    Files.writeString(
        file,
        """
        step,seconds,loss/total
        1,0.1,3.0
        2,0.1,2.0
        3,0.1,1.5
        3,0.1,1.4
        4,0.1,1.3
        5,0.1,1.""");
    try (MetricsCsv csv = new MetricsCsv(file, 1, 10)) {
      csv.onStart(3, 10);
      csv.onStep(new StepMetrics(4, 0.2, Map.of("loss/total", 1.25)));
    }
    assertThat(Files.readAllLines(file))
        .containsExactly(
            "step,seconds,loss/total", "1,0.1,3.0", "2,0.1,2.0", "3,0.1,1.4", "4,0.200000,1.25000");
    List<StepMetrics> rows = new ArrayList<>();
    MetricsCsv.rows(file, 3, rows::add);
    assertThat(rows).extracting(StepMetrics::step).containsExactly(1L, 2L, 3L);
    assertThat(rows.get(2).get("loss/total")).isEqualTo(1.4);
  }

  @Test
  void aFreshRunWritesNoFileBeforeItsFirstRow() throws Exception {
    Path file = dir.resolve("metrics.csv");
    try (MetricsCsv csv = new MetricsCsv(file, 1, 10)) {
      csv.onStart(0, 10);
    }
    assertThat(file).doesNotExist();
    List<StepMetrics> rows = new ArrayList<>();
    MetricsCsv.rows(file, 10, rows::add);
    assertThat(rows).isEmpty();
  }

  @Test
  void aHeaderCutOffByAKillLeavesAnEmptyFileThatTheNextRowHeads() throws Exception {
    Path file = Files.writeString(dir.resolve("metrics.csv"), "step,seco");
    try (MetricsCsv csv = new MetricsCsv(file, 1, 10)) {
      csv.onStart(0, 10);
      csv.onStep(new StepMetrics(1, 0.5, Map.of("loss/total", 2.0)));
    }
    assertThat(Files.readAllLines(file))
        .containsExactly("step,seconds,loss/total", "1,0.500000,2.00000");
  }
}
