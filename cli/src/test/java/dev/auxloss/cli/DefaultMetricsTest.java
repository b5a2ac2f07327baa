package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no metric named, the default example reports what it did before metrics were an SPI (the
 * classifier's accuracy, the same name in run.json and the console); a named metric replaces the
 * default.
 */
class DefaultMetricsTest {
  @Test
  void theDefaultExampleStillReportsAccuracy(@TempDir Path tmp) throws Exception {
    Cli r =
        Cli.run(
            "train",
            "--config",
            Path.of("..", "examples", "default.pbtxt").toString(),
            "--out",
            tmp.resolve("run").toString(),
            "--steps",
            "2");
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("test: accuracy");
    assertThat(java.nio.file.Files.readString(tmp.resolve("run").resolve("run.json")))
        .contains("\"accuracy\"");
  }

  @Test
  void aNamedMetricReplacesTheDefault(@TempDir Path tmp) throws Exception {
    Path config =
        java.nio.file.Files.writeString(
            tmp.resolve("top.pbtxt"),
            BadInputConfigCases.with(
                "training { steps: 2 eval_every: 2 checkpoint_every: 2"
                    + " metric { key: \"vision.top_k_accuracy\" param { name: \"k\" number: 2 } } }\nexport { skip: true }"));
    Cli r = Cli.run("train", "--config", config.toString(), "--out", tmp.resolve("run").toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out())
        .contains("test: examples")
        .contains("top2_accuracy")
        .doesNotContain("test: accuracy");
  }
}
