package dev.auxloss.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.testing.FromConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextClassificationDatasetTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static Dataset create(Object... params) {
    List<Object> all = new ArrayList<>(List.of(params));
    all.addAll(List.of("min_count", 1));
    return FromConfig.dataset(TextClassificationDatasetFactory.FACTORY, all.toArray());
  }

  private static List<Integer> labels(Dataset d, Split split) {
    List<Integer> out = new ArrayList<>();
    d.batches(split, 100, 0)
        .forEachRemaining(
            b -> {
              for (int v : ((HostTensor.Ints) b.get("label")).values()) out.add(v);
            });
    return out;
  }

  @Test
  void jsonLinesWithStringLabelsSortedIntoClasses() throws IOException {
    Path train =
        file(
            "train.jsonl",
            """
        {"text": "the cat sat", "label": "pos"}
        {"text": "a dog barked", "label": "neg", "id": 7}

        {"text": "the cat ran", "label": "pos"}
        """);
    Path dev = file("dev.jsonl", "{\"text\": \"a cat\", \"label\": \"neg\"}\n");
    Dataset d = create("train", train.toString(), "validation", dev.toString());
    assertThat(d.size(Split.TRAIN)).isEqualTo(3);
    assertThat(d.size(Split.VALIDATION)).isEqualTo(1);
    assertThat(d.size(Split.TEST)).isZero();
    assertThat(labels(d, Split.VALIDATION)).containsExactly(0); // neg < pos
    assertThat(new String(d.exportAssets().get("labels.txt"), StandardCharsets.UTF_8))
        .isEqualTo("neg\npos\n");
  }

  @Test
  void csvAndTsvWithQuotedFieldsAndNumericLabels() throws IOException {
    Path train = file("train.csv", "label,text\n10,\"hello, world\"\n2,\"two\nlines\"\n10,again\n");
    Path dev = file("dev.tsv", "text\tlabel\nhi there\t2\n");
    Dataset d = create("train", train.toString(), "validation", dev.toString());
    assertThat(new String(d.exportAssets().get("labels.txt"), StandardCharsets.UTF_8))
        .isEqualTo("2\n10\n");
    assertThat(labels(d, Split.VALIDATION)).containsExactly(0);
    assertThat(d.size(Split.TRAIN)).isEqualTo(3);
  }

  @Test
  void aSeededValidationSplitWhenThereIsNoValidationFile() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++)
      sb.append("{\"text\": \"example ")
          .append(i)
          .append("\", \"label\": ")
          .append(i % 2)
          .append("}\n");
    Path train = file("train.jsonl", sb.toString());
    Dataset d = create("train", train.toString(), "validation_split", 0.25);
    assertThat(d.size(Split.TRAIN)).isEqualTo(15);
    assertThat(d.size(Split.VALIDATION)).isEqualTo(5);
    assertThat(
            labels(create("train", train.toString(), "validation_split", 0.25), Split.VALIDATION))
        .isEqualTo(labels(d, Split.VALIDATION));
    assertThatThrownBy(() -> create("train", train.toString()))
        .hasMessageContaining(
            "validation: is required unless validation_split holds out part of train");
  }

  @Test
  void badRowsNameTheFileAndLine() throws IOException {
    Path ok =
        file(
            "ok.jsonl",
            "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"y\"}\n");
    Path notJson = file("bad.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{text: broken\n");
    assertThatThrownBy(() -> create("train", notJson.toString(), "validation", ok.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("train: " + notJson + ":2: not JSON");
    Path noField = file("nofield.jsonl", "{\"body\": \"a\", \"label\": \"x\"}\n");
    assertThatThrownBy(() -> create("train", noField.toString(), "validation", ok.toString()))
        .hasMessageContaining(noField + ":1: no field 'text' (fields: [body, label])");
    Path unknown =
        file(
            "unknown.jsonl",
            "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": \"b\", \"label\": \"z\"}\n");
    assertThatThrownBy(() -> create("train", ok.toString(), "validation", unknown.toString()))
        .hasMessageContaining(
            "validation: " + unknown + ":2: label 'z' is not among the training labels [x, y]");
    Path ragged = file("ragged.csv", "text,label\na,x\nb,y,extra\n");
    assertThatThrownBy(() -> create("train", ragged.toString(), "validation", ok.toString()))
        .hasMessageContaining(ragged + ":3: 3 columns, the header has 2");
    Path oneLabel = file("one.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n");
    assertThatThrownBy(() -> create("train", oneLabel.toString(), "validation", ok.toString()))
        .hasMessageContaining("one label ([x]); a classifier needs two or more");
    assertThatThrownBy(
            () ->
                create(
                    "train", dir.resolve("missing.jsonl").toString(), "validation", ok.toString()))
        .hasMessageContaining(dir.resolve("missing.jsonl") + ": no such file");
  }
}
