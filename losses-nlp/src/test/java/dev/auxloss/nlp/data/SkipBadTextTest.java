package dev.auxloss.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code on_bad_example: SKIP} for text-classification (JSONL, CSV) and CoNLL files: the bad line
 * or sentence is dropped and counted by split and kind; the same files fail under FAIL
 * (ConllDatasetTest and TextClassificationDatasetTest check the messages).
 */
class SkipBadTextTest {
  @TempDir Path dir;

  private final BadExamples skip = BadExamples.of(BadExamples.Policy.SKIP);

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private Dataset create(DatasetFactory f, BadExamples bad, Object... params) {
    List<Object> all = new ArrayList<>(List.of(params));
    all.addAll(List.of("min_count", 1, "seq_len", 8));
    return f.create(Params.parse(f.descriptor().params(), all.toArray()), bad);
  }

  static final String OK_JSONL =
      "{\"text\": \"a b\", \"label\": \"x\"}\n{\"text\": \"b c\", \"label\": \"y\"}\n";

  @Test
  void aJsonlLineThatIsNotJsonIsSkippedAndCounted() throws IOException {
    Path train =
        file("train.jsonl", OK_JSONL + "{text: broken\n{\"text\": \"c\", \"label\": \"x\"}\n");
    Path dev = file("dev.jsonl", OK_JSONL);
    Object[] params = {"train", train.toString(), "validation", dev.toString()};
    DatasetFactory f = TextClassificationDatasetFactory.FACTORY;
    assertThatThrownBy(() -> create(f, BadExamples.failing(), params))
        .hasMessageContaining("train: " + train + ":3: not JSON");
    Dataset d = create(f, skip, params);
    assertThat(d.size(Split.TRAIN)).isEqualTo(3);
    assertThat(skip.counts()).isEqualTo(Map.of("train", Map.of("not_json", 1L)));
  }

  @Test
  void anUnknownValidationLabelAndARaggedCsvRowAreSkipped() throws IOException {
    Path train = file("train.csv", "text,label\na b,x\nb c,y\nc d,x,extra\n");
    Path dev = file("dev.jsonl", OK_JSONL + "{\"text\": \"d\", \"label\": \"z\"}\n");
    Dataset d =
        create(
            TextClassificationDatasetFactory.FACTORY,
            skip,
            "train",
            train.toString(),
            "validation",
            dev.toString());
    assertThat(d.size(Split.TRAIN)).isEqualTo(2);
    assertThat(d.size(Split.VALIDATION)).isEqualTo(2);
    assertThat(skip.counts())
        .isEqualTo(
            Map.of("train", Map.of("column_count", 1L), "validation", Map.of("unknown_label", 1L)));
  }

  @Test
  void aSplitLeftWithNoExampleIsStillAnError() throws IOException {
    Path train = file("train.jsonl", OK_JSONL);
    Path dev = file("dev.jsonl", "{\"text\": \"d\", \"label\": \"z\"}\n");
    assertThatThrownBy(
            () ->
                create(
                    TextClassificationDatasetFactory.FACTORY,
                    skip,
                    "train",
                    train.toString(),
                    "validation",
                    dev.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "validation: " + dev + ": no examples left (on_bad_example: SKIP skipped every one)");
  }

  @Test
  void aConllSentenceWithARaggedLineIsDroppedWhole() throws IOException {
    Path train =
        file(
            "train.txt",
            """
            EU NNP B-NP B-ORG
            rejects VBZ B-VP O

            German JJ B-NP B-MISC
            call NN O
            again RB O O

            Peter NNP B-NP B-PER
            """);
    Path dev = file("dev.txt", "Paris NNP B-NP B-ORG\n\nRome NNP B-NP B-LOC\n");
    Object[] params = {"train", train.toString(), "validation", dev.toString()};
    assertThatThrownBy(() -> create(ConllDatasetFactory.FACTORY, BadExamples.failing(), params))
        .hasMessageContaining("train: " + train + ":5: 3 columns, the file's first line has 4");
    Dataset d = create(ConllDatasetFactory.FACTORY, skip, params);
    assertThat(d.size(Split.TRAIN)).isEqualTo(2);
    assertThat(d.size(Split.VALIDATION)).isEqualTo(1);
    assertThat(skip.counts())
        .isEqualTo(
            Map.of("train", Map.of("column_count", 1L), "validation", Map.of("unknown_label", 1L)));
  }
}
