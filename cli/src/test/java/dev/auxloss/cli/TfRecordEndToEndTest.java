package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;

/**
 * Issue #16 item 1 through the CLI: {@code list-datasets} documents {@code tfrecord}, and cnn-ds
 * trains, evaluates and exports from gzip TFRecord files of PNG-encoded 28×28 images.
 */
class TfRecordEndToEndTest {
  @TempDir Path dir;

  static final String CONFIG =
      """
      name: "tfr"
      model { name: "cnn-ds" }
      data {
        dataset: "tfrecord"
        batch_size: 8
        param { name: "train" text: "{dir}/data/train-*.tfrecord.gz" }
        param { name: "validation" text: "{dir}/data/val.tfrecord.gz" }
        param { name: "test" text: "{dir}/data/val.tfrecord.gz" }
        param { name: "compression" text: "gzip" }
        param { name: "features" text: "image/encoded as image: image[28,28,1]; label: int64" }
        param { name: "classes" number: 10 }
        param { name: "shuffle_buffer" number: 16 }
      }
      loss { key: "vision.cross_entropy" }
      training { steps: 6 eval_every: 3 checkpoint_every: 6 }
      """;

  @Test
  void listDatasetsDocumentsTfrecordAndItsFeaturesSyntax() {
    Cli r = Cli.run("list-datasets");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("tfrecord", "key [as field]: type[shape]", "shuffle_buffer", "compression");
  }

  @Test
  void trainsEvaluatesAndExportsFromGzipTfRecordFiles() throws Exception {
    write("data/train-0.tfrecord.gz", 0, 20);
    write("data/train-1.tfrecord.gz", 20, 40);
    write("data/val.tfrecord.gz", 40, 52);
    Path config =
        Files.writeString(dir.resolve("tfr.pbtxt"), CONFIG.replace("{dir}", dir.toString()));
    Path run = dir.resolve("run");
    Cli r = Cli.run("train", "--config", config.toString(), "--out", run.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("step 6/6", "test: accuracy", "exported SavedModel of step 6");
    assertThat(run.resolve("export/saved_model.pb")).exists();
  }

  void write(String relative, int from, int to) throws Exception {
    List<Example> examples = new ArrayList<>();
    for (int i = from; i < to; i++) examples.add(BadInputTfRecordCases.example(i));
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(BadInputTfRecordCases.records(examples));
    }
  }
}
