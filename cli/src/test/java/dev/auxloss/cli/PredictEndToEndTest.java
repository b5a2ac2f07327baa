package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/own-images trained for a few steps, then predicted from its export: on its test split
 * (through the run's own data pipeline) and on image files, with the class names the export
 * carries.
 */
class PredictEndToEndTest {
  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void train() throws Exception {
    String config =
        Files.readString(Path.of("../examples/own-images/own-images.pbtxt"))
            .replace(
                "examples/own-images/data",
                Path.of("../examples/own-images/data").toAbsolutePath().toString())
            .replace("steps: 150", "steps: 4")
            .replace("eval_every: 50", "eval_every: 4")
            .replace("checkpoint_every: 50", "checkpoint_every: 4");
    Path file = Files.writeString(tmp.resolve("own.pbtxt"), config);
    run = tmp.resolve("run");
    Cli r = Cli.run("train", "--config", file.toString(), "--out", run.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(run.resolve("export/assets.extra/labels.txt")).hasContent("bag\nsneaker\ntrouser");
  }

  private static List<JsonObject> lines(Path file) throws Exception {
    return Files.readAllLines(file).stream()
        .map(l -> JsonParser.parseString(l).getAsJsonObject())
        .toList();
  }

  @Test
  void aSplitThroughTheRunsOwnPipeline() throws Exception {
    Path out = tmp.resolve("test.jsonl");
    Cli r = Cli.run("predict", "--run", run.toString(), "--split", "test", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("auxloss: 30 predictions written to " + out);
    List<JsonObject> lines = lines(out);
    assertThat(lines).hasSize(30);
    for (int i = 0; i < lines.size(); i++) {
      JsonObject l = lines.get(i);
      assertThat(l.get("id").getAsInt()).isEqualTo(i);
      double sum = 0;
      for (var p : l.getAsJsonArray("probabilities")) sum += p.getAsDouble();
      assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
      assertThat(l.get("class").getAsString())
          .isEqualTo(List.of("bag", "sneaker", "trouser").get(l.get("label").getAsInt()));
    }
  }

  @Test
  void imageFilesResizedToTheExportsInput() throws Exception {
    Path out = tmp.resolve("files.jsonl");
    Path folder = Path.of("../examples/own-images/data/test/bag");
    Cli r =
        Cli.run(
            "predict",
            "--run",
            run.toString(),
            "--input",
            folder.toString(),
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<JsonObject> lines = lines(out);
    assertThat(lines).hasSize(10);
    assertThat(lines.get(0).get("path").getAsString()).endsWith("test-001.png");
    assertThat(lines.get(0).has("probabilities")).isTrue();
  }

  @Test
  void badInputNamesItAndWritesNothing() throws Exception {
    Path taken = Files.writeString(tmp.resolve("taken.jsonl"), "mine");
    Cli exists =
        Cli.run("predict", "--run", run.toString(), "--split", "test", "--out", taken.toString());
    assertThat(exists.code()).isEqualTo(2);
    assertThat(exists.err()).contains(taken + " exists; choose another --out");
    assertThat(taken).hasContent("mine");

    Path junk = Files.writeString(tmp.resolve("junk.png"), "not an image");
    Path out = tmp.resolve("junk.jsonl");
    Cli bad =
        Cli.run(
            "predict",
            "--run",
            run.toString(),
            "--input",
            junk.toString(),
            "--out",
            out.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains(junk + ": cannot read the image");
    assertThat(out).doesNotExist();
    assertThat(bad.errLines()).allMatch(l -> l.startsWith("auxloss:"));

    Path inMissingFolder = tmp.resolve("no-such-folder/p.jsonl");
    Cli noFolder =
        Cli.run(
            "predict",
            "--run",
            run.toString(),
            "--split",
            "test",
            "--out",
            inMissingFolder.toString());
    assertThat(noFolder.code()).isEqualTo(2);
    assertThat(noFolder.err()).contains("--out " + inMissingFolder + ": no folder");
    assertThat(noFolder.errLines()).allMatch(l -> l.startsWith("auxloss:"));
    assertThat(inMissingFolder.getParent()).doesNotExist();

    Cli none = Cli.run("predict", "--run", tmp.resolve("nowhere").toString(), "--split", "test");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("run directory not found");
  }
}
