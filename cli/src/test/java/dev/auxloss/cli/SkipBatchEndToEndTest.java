package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code on_non_finite: SKIP_BATCH} with DWA averaging its losses: one batch with a NaN pixel is
 * skipped and training goes on, also after a resume. It used to store the NaN in DWA's loss
 * history, so every later step was skipped as well and the run "finished" without training.
 */
class SkipBatchEndToEndTest {
  static final String CONFIG =
      """
      name: "nan-once"
      model { name: "cnn-ds" }
      data {
        dataset: "clitest-nan-batch"
        batch_size: 16
        param { name: "train_size" number: 256 }
        param { name: "validation_size" number: 32 }
        param { name: "test_size" number: 32 }
      }
      loss { key: "vision.cross_entropy" }
      loss { key: "vision.aux_classifier" weight: 0.3 param { name: "endpoint" text: "block1/features" } }
      weighting { strategy: "dwa" param { name: "ema_decay" number: 0.5 } }
      plugin_module: "dev.auxloss.cli.NanBatchDatasetModule"
      training { steps: 8 checkpoint_every: 4 summary_every: 1 on_non_finite: SKIP_BATCH }
      export { skip: true }
      """;

  @TempDir Path tmp;

  @Test
  void oneBadBatchIsSkippedAndTrainingRecovers() throws Exception {
    Path config = Files.writeString(tmp.resolve("nan-once.pbtxt"), CONFIG);
    Path run = tmp.resolve("run");
    Cli r = Cli.run("train", "--config", config.toString(), "--out", run.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out().lines().filter(l -> l.contains("skipped batch")))
        .as(r.out())
        .containsExactly(
            "warning: step 3: skipped batch at step 3: loss term 'vision.cross_entropy' was NaN");
    assertThat(Files.readString(run.resolve("run.json")))
        .containsPattern("\"skipped_batches\"\\s*:\\s*1\\b");

    // Steps and checkpoints count batches drawn (8), though the skipped one applied no update: a
    // resume continues the data after them, not at the global step inside (7).
    Cli resumed = Cli.resume(config, run, 10);
    assertThat(resumed.code()).as(resumed.err() + resumed.out()).isZero();
    assertThat(resumed.out())
        .contains("resuming at step 8 of 10", "step 10/10")
        .doesNotContain("skipped batch");
  }
}
