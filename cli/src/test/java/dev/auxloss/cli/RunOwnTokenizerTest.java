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
    Path config = PredictSubwordTest.subwordConfig(tmp, original);
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
    Cli resumed = Cli.resume(config, run, 4);
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
