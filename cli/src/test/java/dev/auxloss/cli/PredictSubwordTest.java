package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.cli.predict.TextInputs;
import dev.auxloss.nlp.text.SubwordTokenizer;
import dev.auxloss.nlp.text.TextPipeline;
import dev.auxloss.nlp.text.Tokenizer;
import dev.auxloss.nlp.text.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text classifier trained for two steps with a subword tokenizer.json: the file is copied into
 * the run and the export, and once the original is gone {@code predict --input} still tokenizes
 * with the export's copy, to the ids the original gives.
 */
class PredictSubwordTest {
  @TempDir Path tmp;

  /** WordPiece over whitespace and punctuation, lower-cased; "cats" is cat + ##s. */
  static final String TOKENIZER_JSON =
      """
      {"version":"1.0","truncation":null,"padding":null,"added_tokens":[],
       "normalizer":{"type":"Lowercase"},"pre_tokenizer":{"type":"Whitespace"},
       "post_processor":null,"decoder":null,
       "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##",
         "max_input_chars_per_word":100,
         "vocab":{"[UNK]":0,"the":1,"cat":2,"sat":3,"on":4,"mat":5,"stocks":6,"fell":7,
           "market":8,"##s":9,"today":10}}}
      """;

  /**
   * A text-classification config on 16 rows of two classes, tokenized with {@code hf:<tokenizer>},
   * 2 steps; writes its data next to it in {@code tmp}.
   */
  static Path subwordConfig(Path tmp, Path tokenizer) throws java.io.IOException {
    StringBuilder train = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      train.append(
          i % 2 == 0
              ? "{\"text\": \"the cats sat on the mat\", \"label\": \"animal\"}\n"
              : "{\"text\": \"stocks fell on the market\", \"label\": \"money\"}\n");
    }
    Path data = Files.writeString(tmp.resolve("train.jsonl"), train);
    return Files.writeString(
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
            .formatted(data, tokenizer));
  }

  @Test
  void predictTokenizesWithTheExportsCopyOnceTheOriginalIsGone() throws Exception {
    Path original = Files.writeString(tmp.resolve("tokenizer.json"), TOKENIZER_JSON);
    Path config = subwordConfig(tmp, original);
    Path run = tmp.resolve("run");
    Cli trained = Cli.run("train", "--config", config.toString(), "--out", run.toString());
    assertThat(trained.code()).as(trained.err() + trained.out()).isZero();
    byte[] bytes = Files.readAllBytes(original);
    assertThat(run.resolve("assets/tokenizer.json")).hasBinaryContent(bytes);
    assertThat(run.resolve("export/assets.extra/tokenizer.json")).hasBinaryContent(bytes);

    // what training's pipeline gives, from the original file
    Tokenizer fromOriginal = Tokenizers.open("hf:" + original, "tokenizer");
    TextPipeline training =
        new TextPipeline(fromOriginal, ((SubwordTokenizer) fromOriginal).vocabulary(), 10);
    List<String> texts = List.of("The cats fell today", "stocks sat on mats");
    Files.move(original, tmp.resolve("moved.json"));

    TextPipeline served = TextInputs.pipeline(run.resolve("export"));
    for (String t : texts) assertThat(served.encode(t).ids()).isEqualTo(training.encode(t).ids());
    assertThat(training.encode("The cats fell today").ids())
        .startsWith(3, 5 + 1, 5 + 2, 5 + 9, 5 + 7, 5 + 10, 4);

    Path input = Files.writeString(tmp.resolve("input.txt"), String.join("\n", texts) + "\n");
    Path out = tmp.resolve("out.jsonl");
    Cli r =
        Cli.run(
            "predict",
            "--run",
            run.toString(),
            "--input",
            input.toString(),
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(2).allMatch(l -> l.contains("\"class\""));
  }
}
