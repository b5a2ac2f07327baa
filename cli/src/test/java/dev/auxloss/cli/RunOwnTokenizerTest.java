package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run trained with a subword {@code tokenizer.json} keeps a copy in {@code <run>/assets/}: once
 * the original is edited, {@code evaluate}, {@code predict --split} and {@code export} still
 * tokenize with that copy and give what they gave before; once it is deleted, {@code train
 * --resume} still continues the run.
 */
class RunOwnTokenizerTest {
  @TempDir Path tmp;

  /** {@link PredictSubwordTest#TOKENIZER_JSON} with the ids of "cat" and "market" swapped. */
  static final String EDITED_JSON =
      PredictSubwordTest.TOKENIZER_JSON
          .replace("\"cat\":2", "\"cat\":8")
          .replace("\"market\":8", "\"market\":2");

  @Test
  void evaluateExportPredictAndResumeUseTheRunsCopy() throws Exception {
    Path original =
        Files.writeString(tmp.resolve("tokenizer.json"), PredictSubwordTest.TOKENIZER_JSON);
    byte[] trainedWith = Files.readAllBytes(original);
    StringBuilder train = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      train.append(
          i % 2 == 0
              ? "{\"text\": \"the cats sat on the mat\", \"label\": \"animal\"}\n"
              : "{\"text\": \"stocks fell on the market\", \"label\": \"money\"}\n");
    }
    Path data = Files.writeString(tmp.resolve("train.jsonl"), train);
    Path config =
        Files.writeString(
            tmp.resolve("text.pbtxt"),
            """
            name: "subword"
            model {
              name: "text-lm"
              param { name: "dim" number: 16 }
              param { name: "heads" number: 2 }
              param { name: "layers" number: 1 }
            }
            data {
              dataset: "text-classification"
              batch_size: 4
              param { name: "train" text: "%s" }
              param { name: "validation_split" number: 0.25 }
              param { name: "seq_len" number: 10 }
              param { name: "tokenizer" text: "hf:%s" }
            }
            loss { key: "nlp.cross_entropy" }
            training { steps: 2 eval_every: 2 checkpoint_every: 2 }
            """
                .formatted(data, original));
    Path run = tmp.resolve("run");
    Cli trained = Cli.run("train", "--config", config.toString(), "--out", run.toString());
    assertThat(trained.code()).as(trained.err() + trained.out()).isZero();
    Cli evaluated = evaluate(run);
    String predicted = predict(run, "before.jsonl");

    assertThat(EDITED_JSON).isNotEqualTo(PredictSubwordTest.TOKENIZER_JSON);
    Files.writeString(original, EDITED_JSON);
    assertThat(evaluate(run).out()).as("evaluate after the edit").isEqualTo(evaluated.out());
    assertThat(predict(run, "after.jsonl"))
        .as("predict --split after the edit")
        .isEqualTo(predicted);
    Path export = tmp.resolve("export");
    Cli exported = Cli.run("export", "--run", run.toString(), "--out", export.toString());
    assertThat(exported.code()).as(exported.err()).isZero();
    assertThat(export.resolve("assets.extra/tokenizer.json")).hasBinaryContent(trainedWith);

    Files.delete(original);
    Cli resumed =
        Cli.run(
            "train",
            "--config",
            config.toString(),
            "--out",
            run.toString(),
            "--resume",
            "--steps",
            "4");
    assertThat(resumed.code()).as(resumed.err() + resumed.out()).isZero();
    assertThat(run.resolve("assets/tokenizer.json")).hasBinaryContent(trainedWith);
    assertThat(run.resolve("config.pbtxt")).content().contains("hf:" + original);
    assertThat(evaluate(run).out()).contains("at step 4");
  }

  private static Cli evaluate(Path run) {
    Cli r = Cli.run("evaluate", "--run", run.toString(), "--split", "validation");
    assertThat(r.code()).as(r.err()).isZero();
    return r;
  }

  private String predict(Path run, String file) throws Exception {
    Path out = tmp.resolve(file);
    Cli r =
        Cli.run(
            "predict", "--run", run.toString(), "--split", "validation", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    return Files.readString(out);
  }
}
