package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped example resolves and builds ({@code validate}), and a sequence-labelling run
 * reports token accuracy and the macro F1 of its tags: the evaluation scores the {@code tags} field
 * over real tokens.
 */
class ExamplesTest {
  static Stream<Path> examples() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
      return files.filter(p -> p.toString().endsWith(".pbtxt")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void validates(Path example) throws Exception {
    // A fine-tuning example's init_from names another example's run (PretrainThenFinetuneIT
    // trains the pair): its config is checked here, its graph there.
    boolean needsRun = Files.readString(example).contains("init_from {");
    Cli r =
        needsRun
            ? Cli.run("validate", "--config", example.toString(), "--no-build")
            : Cli.run("validate", "--config", example.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("ok: ");
  }

  @Test
  void aTaggerReportsTokenAccuracy(@TempDir Path tmp) throws Exception {
    Path config =
        Files.writeString(
            tmp.resolve("tagger.pbtxt"),
            """
        name: "tagger"
        model { name: "text-tagger" param { name: "dim" number: 16 } param { name: "heads" number: 2 } }
        data {
          dataset: "synthetic-text"
          batch_size: 8
          param { name: "task" text: "punct" }
          param { name: "examples" number: 64 }
        }
        loss { key: "nlp.tagging_cross_entropy" }
        loss { key: "nlp.rei_lm" weight: 0.1 }
        training { steps: 3 eval_every: 3 checkpoint_every: 3 }
        export { skip: true }
        """);
    Cli r = Cli.run("train", "--config", config.toString(), "--out", tmp.resolve("run").toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("test: accuracy", "macro_f1");
  }
}
