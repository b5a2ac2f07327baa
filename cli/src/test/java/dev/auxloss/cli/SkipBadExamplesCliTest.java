package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.cli.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;

/**
 * {@code data { on_bad_example: SKIP }} through {@code auxloss train} (issue #16 item 8): a
 * TFRecord record with a bad CRC is skipped, the run trains, the progress line says "skipped 1", a
 * warning names the record, and run.json counts it by split and kind. Without SKIP the same file is
 * exit 2 naming the record (BadInputTfRecordCases).
 */
class SkipBadExamplesCliTest {
  @TempDir Path dir;

  static final String CONFIG =
      """
      name: "skip"
      model { name: "cnn-ds" }
      data {
        dataset: "tfrecord"
        batch_size: 4
        on_bad_example: SKIP
        param { name: "train" text: "{dir}/train.tfrecord" }
        param { name: "validation" text: "{dir}/val.tfrecord" }
        param { name: "features" text: "image/encoded as image: image[28,28,1]; label: int64" }
        param { name: "classes" number: 10 }
      }
      loss { key: "vision.cross_entropy" }
      training { steps: 3 eval_every: 3 checkpoint_every: 3 }
      export { skip: true }
      """;

  @Test
  @SuppressWarnings("unchecked")
  void aRecordWithABadCrcIsSkippedCountedInRunJsonAndShownInTheProgressLine() throws Exception {
    List<Example> train = new ArrayList<>();
    for (int i = 0; i < 12; i++) train.add(BadInputTfRecordCases.example(i));
    int at = (int) BadInputTfRecordCases.offset(train, 3) + 20;
    Files.write(
        dir.resolve("train.tfrecord"),
        BadInputTfRecordCases.flip(BadInputTfRecordCases.records(train), at));
    List<Example> val = new ArrayList<>();
    for (int i = 12; i < 16; i++) val.add(BadInputTfRecordCases.example(i));
    Files.write(dir.resolve("val.tfrecord"), BadInputTfRecordCases.records(val));
    Path config =
        Files.writeString(dir.resolve("skip.pbtxt"), CONFIG.replace("{dir}", dir.toString()));
    Path run = dir.resolve("run");

    Cli r = Cli.run("train", "--config", config.toString(), "--out", run.toString());

    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out())
        .contains(
            "warning: skipped a bad example (corrupt_record): train: "
                + dir.resolve("train.tfrecord")
                + ": record 3 at byte "
                + BadInputTfRecordCases.offset(train, 3)
                + ": corrupt record: data CRC mismatch")
        .containsPattern("step 3/3 .*  skipped 1  ");
    Map<String, Object> report =
        (Map<String, Object>) Json.parse(Files.readString(run.resolve("run.json")));
    assertThat(report.get("bad_examples"))
        .isEqualTo(
            Map.of(
                "policy",
                "skip",
                "skipped",
                1L,
                "by_split",
                Map.of("train", Map.of("corrupt_record", 1L))));
  }
}
