package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text classifier trained for two steps on a JSON Lines file, then predicted from its export on a
 * plain text file: each line encoded with the pipeline the export carries, its class named from the
 * export's labels.txt.
 */
class PredictTextTest {
  @TempDir Path tmp;

  @Test
  void aTextFileOneExamplePerLine() throws Exception {
    StringBuilder train = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      train.append(
          i % 2 == 0
              ? "{\"text\": \"the cat sat on the mat " + i + "\", \"label\": \"animal\"}\n"
              : "{\"text\": \"stocks fell on the market " + i + "\", \"label\": \"money\"}\n");
    }
    Path data = Files.writeString(tmp.resolve("train.jsonl"), train);
    Path config =
        Files.writeString(
            tmp.resolve("text.pbtxt"),
            """
        name: "text"
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
          param { name: "min_count" number: 1 }
          param { name: "seq_len" number: 12 }
        }
        loss { key: "nlp.cross_entropy" }
        training { steps: 2 eval_every: 2 checkpoint_every: 2 }
        """
                .formatted(data));
    Path run = tmp.resolve("run");
    Cli trained = Cli.run("train", "--config", config.toString(), "--out", run.toString());
    assertThat(trained.code()).as(trained.err() + trained.out()).isZero();

    Path input = Files.writeString(tmp.resolve("input.txt"), "the cat sat\n\nstocks fell today\n");
    Path out = tmp.resolve("text.jsonl");
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
    List<JsonObject> lines =
        Files.readAllLines(out).stream()
            .map(l -> JsonParser.parseString(l).getAsJsonObject())
            .toList();
    assertThat(lines)
        .extracting(l -> l.get("line").getAsInt())
        .containsExactly(1, 2); // the blank line skipped
    assertThat(lines)
        .allSatisfy(l -> assertThat(l.get("class").getAsString()).isIn("animal", "money"));

    Path empty = Files.writeString(tmp.resolve("empty.txt"), "\n\n");
    Cli bad =
        Cli.run(
            "predict",
            "--run",
            run.toString(),
            "--input",
            empty.toString(),
            "--out",
            tmp.resolve("none.jsonl").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--input " + empty + ": no text");
  }
}
