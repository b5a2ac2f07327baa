package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.tf.summary.TfEventReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny real run through the whole stack (cnn-ds on a few synthetic images, 6 steps, a plugin loss
 * named by plugin_module), then evaluate, export and resume on its run directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainEndToEndTest {
  static final String CONFIG =
      """
      name: "tiny"
      model { name: "cnn-ds" }
      data {
        dataset: "synthetic-images"
        batch_size: 16
        param { name: "train_size" number: 64 }
        param { name: "validation_size" number: 32 }
        param { name: "test_size" number: 32 }
      }
      loss { key: "vision.cross_entropy" }
      loss {
        key: "vision.aux_classifier"
        weight: 0.3
        param { name: "endpoint" text: "%s" }
        param { name: "head" text: "small" }
      }
      loss { key: "clitest.logit_l2" schedule { type: "linear" from: 1 to: 0 } }
      plugin_module: "dev.auxloss.cli.TestLossesModule"
      training { steps: 6 checkpoint_every: 3 eval_every: 3 summary_every: 2 }
      """;

  @TempDir static Path tmp;

  static Path config(String endpoint) throws Exception {
    return Files.writeString(
        tmp.resolve("tiny-" + endpoint.replace('/', '_') + ".pbtxt"), CONFIG.formatted(endpoint));
  }

  static Path run() {
    return tmp.resolve("run");
  }

  @Test
  @Order(1)
  void trainLeavesEveryArtefact() throws Exception {
    Cli r =
        Cli.run(
            "train", "--config", config("block1/features").toString(), "--out", run().toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out())
        .contains(
            "step 6/6", "test: accuracy", "exported SavedModel of step 6 to", "done: 6 steps");
    for (String f :
        new String[] {
          "config.pbtxt",
          "config.sha256",
          "metrics.csv",
          "curves.png",
          "run.json",
          "export/saved_model.pb",
          "checkpoints/step-6",
          "checkpoints/step-3"
        }) {
      assertThat(run().resolve(f)).as(f).exists();
    }
    assertThat(Files.readString(run().resolve("config.sha256")))
        .matches("[0-9a-f]{64}  config.pbtxt\n");
    assertThat(Files.readAllBytes(run().resolve("curves.png"))).startsWith(0x89, 'P', 'N', 'G');
    assertThat(Files.readAllLines(run().resolve("metrics.csv")).get(0))
        .startsWith("step,seconds,loss/total,lr,")
        .contains(",term/clitest.logit_l2/raw,", ",term/vision.aux_classifier/weight,");
    String json = Files.readString(run().resolve("run.json"));
    assertThat(json)
        .contains(
            "\"final_step\": 6",
            "\"weight_trajectory\": [[1, ",
            "\"test\": {",
            "\"export\": \"export\"");
  }

  @Test
  @Order(2)
  void tensorboardHasPerTermScalars() throws Exception {
    Path file;
    try (Stream<Path> s = Files.list(run().resolve("tensorboard"))) {
      file =
          s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents."))
              .findFirst()
              .orElseThrow();
    }
    Map<String, Map<Long, Float>> scalars = TfEventReader.scalars(file);
    assertThat(scalars)
        .containsKeys(
            "loss/total",
            "term/vision.aux_classifier/raw",
            "term/vision.aux_classifier/weight",
            "term/vision.aux_classifier/weighted",
            "eval/validation/accuracy",
            "eval/test/accuracy");
    assertThat(scalars.get("term/vision.aux_classifier/weight").values())
        .allSatisfy(w -> assertThat(w).isEqualTo(0.3f));
    assertThat(scalars.get("loss/total").keySet()).contains(1L, 6L);
  }

  @Test
  @Order(3)
  void evaluateAndExportAFinishedRun() {
    Cli eval = Cli.run("evaluate", "--run", run().toString(), "--split", "validation");
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("# tiny at step 6, split validation", "accuracy ");
    Path out = tmp.resolve("exported");
    Cli export = Cli.run("export", "--run", run().toString(), "--out", out.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(out.resolve("saved_model.pb")).exists();
  }

  @Test
  @Order(4)
  void resumeContinuesAndAFreshRunRefusesTheDirectory() throws Exception {
    Cli again =
        Cli.run(
            "train", "--config", config("block1/features").toString(), "--out", run().toString());
    assertThat(again.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(again.errLines())
        .containsExactly(
            "auxloss: error: "
                + run()
                + " already holds files; pass --resume to continue that run or choose another --out");
    Cli resumed = Cli.resume(config("block1/features"), run(), 8);
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out())
        .contains(
            "resuming at step 6 of 8",
            "step 8/8",
            "note: the config differs from the one this run started with");
    assertThat(run().resolve("checkpoints/step-8")).exists();
  }

  @Test
  @Order(5)
  void aGraphBuildErrorLeavesNoDirectory() throws Exception {
    Path out = tmp.resolve("never");
    Cli r =
        Cli.run("train", "--config", config("block9/features").toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.errLines().get(0)).startsWith("auxloss: error: ").contains("block9/features");
    assertThat(r.stackTrace()).isFalse();
    assertThat(out).doesNotExist();
  }

  @Test
  @Order(6)
  void validateTheDefaultExample() {
    Cli ok = Cli.run("validate", "--config", "../examples/default.pbtxt");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .startsWith(
            "ok: ../examples/default.pbtxt: experiment 'default', model cnn-ds on "
                + "synthetic-images, 300 steps, terms vision.cross_entropy (primary, weight 1.0), vision.aux_classifier "
                + "(auxiliary, weight 0.3)");
    Cli resolved =
        Cli.run("validate", "--config", "../examples/default.pbtxt", "--resolved", "--no-build");
    assertThat(resolved.out())
        .contains("batch_size: 64\n", "strategy: \"static\"\n", "beta2: 0.999\n");
  }
}
