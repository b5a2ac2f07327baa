package dev.auxloss.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.ParamValue;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.text.PunctuationTags;
import dev.auxloss.nlp.text.SpecialTokens;
import dev.auxloss.nlp.text.TextPipeline;
import dev.auxloss.nlp.text.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDatasetTest {
  @TempDir Path dir;

  private static TextDataset synthetic(Object... params) {
    return SyntheticTextDatasetFactory.create(Params.of(params));
  }

  @Test
  void syntheticClassificationHasTheDocumentedFields() {
    TextDataset d = synthetic("examples", 200, "seq_len", 24, "classes", 3);
    assertThat(d.specs())
        .extracting(TensorSpec::name)
        .containsExactly("tokens", "token_mask", "label", "label_mask");
    assertThat(d.size(Split.TRAIN) + d.size(Split.VALIDATION) + d.size(Split.TEST)).isEqualTo(200);
    Batch b = d.batches(Split.TRAIN, 16, 1).next();
    assertThat(b.get("tokens").shape().asArray()).containsExactly(16, 24);
    assertThat(b.get("label").shape().asArray()).containsExactly(16);
    int[] tokens = ((HostTensor.Ints) b.get("tokens")).values();
    float[] mask = ((HostTensor.Floats) b.get("token_mask")).values();
    for (int i = 0; i < tokens.length; i++)
      assertThat(mask[i] == 1f).isEqualTo(tokens[i] != SpecialTokens.PAD);
    assertThat(tokens[0]).isEqualTo(SpecialTokens.BOS);
    assertThat(d.classCounts()).containsExactly(new ClassCount("label", 3, "classes"));
    assertThat(d.modelParams())
        .containsEntry("classes", new ParamValue.Number(3))
        .containsEntry("seq_len", new ParamValue.Number(24))
        .containsEntry("vocab_size", new ParamValue.Number(d.pipeline().vocabulary().size()));
  }

  @Test
  void trainIsEndlessAndReshuffledWhileEvaluationIsOneOrderedPass() {
    TextDataset d = synthetic("examples", 100, "seq_len", 16);
    int n = d.size(Split.TEST);
    List<Integer> sizes = new ArrayList<>();
    d.batches(Split.TEST, 4, 1).forEachRemaining(b -> sizes.add(b.size()));
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
    Iterator<Batch> train = d.batches(Split.TRAIN, 7, 5);
    for (int i = 0; i < 3 * d.size(Split.TRAIN); i++) assertThat(train.next().size()).isEqualTo(7);
    int[] a = ((HostTensor.Ints) d.batches(Split.TRAIN, 8, 5).next().get("tokens")).values();
    int[] again = ((HostTensor.Ints) d.batches(Split.TRAIN, 8, 5).next().get("tokens")).values();
    int[] other = ((HostTensor.Ints) d.batches(Split.TRAIN, 8, 6).next().get("tokens")).values();
    assertThat(again).isEqualTo(a);
    assertThat(other).isNotEqualTo(a);
  }

  @Test
  void labelFractionKeepsADeterministicStratifiedSubsetOfTrainOnly() {
    TextDataset d = synthetic("examples", 400, "seq_len", 16, "classes", 4, "label_fraction", 0.1);
    EncodedSplit train = d.split(Split.TRAIN);
    int[] perClass = new int[4];
    for (int i = 0; i < train.size(); i++)
      if (train.labelMask()[i] > 0) perClass[train.labels()[i]]++;
    for (int c : perClass) assertThat(c).isBetween(6, 12);
    assertThat(d.split(Split.TEST).labelled()).isEqualTo(d.size(Split.TEST));
    TextDataset again =
        synthetic("examples", 400, "seq_len", 16, "classes", 4, "label_fraction", 0.1);
    assertThat(again.split(Split.TRAIN).labelMask()).isEqualTo(train.labelMask());
  }

  @Test
  void punctuationTaskYieldsTagsAlignedWithTokens() {
    TextDataset d = synthetic("examples", 60, "seq_len", 40, "task", "punct");
    assertThat(d.specs())
        .extracting(TensorSpec::name)
        .containsExactly("tokens", "token_mask", "tags", "label_mask");
    assertThat(d.outputNames()).isEqualTo(PunctuationTags.NAMES);
    assertThat(d.classCounts())
        .containsExactly(new ClassCount("tags", PunctuationTags.NAMES.size(), "tags"));
    EncodedSplit s = d.split(Split.TRAIN);
    int sentenceEnds = 0;
    for (int i = 0; i < s.size(); i++) {
      for (int t = 0; t < 40; t++) {
        if (s.tokenMask()[i][t] == 0) assertThat(s.tags()[i][t]).isZero();
        if (s.tags()[i][t] >= PunctuationTags.PERIOD) sentenceEnds++;
      }
      assertThat(s.tags()[i][0]).isZero();
    }
    assertThat(sentenceEnds).isGreaterThan(s.size());
    Vocabulary v = d.pipeline().vocabulary();
    assertThat(v.pieces()).doesNotContain(",", ".", "?", "!");
  }

  @Test
  void exportAssetsHoldTheVocabularyAndLabels() {
    TextDataset d = synthetic("examples", 60, "seq_len", 16, "classes", 2);
    assertThat(d.exportAssets())
        .containsKeys("vocab.txt", "text_pipeline.properties", "labels.txt");
    assertThat(new String(d.exportAssets().get("labels.txt"))).isEqualTo("class0\nclass1\n");
    TextPipeline back = TextPipeline.fromAssets(d.exportAssets());
    assertThat(back.vocabulary().pieces()).isEqualTo(d.pipeline().vocabulary().pieces());
  }

  @Test
  void aSavedVocabularyIsReused() throws Exception {
    TextDataset d = synthetic("examples", 60, "seq_len", 16);
    Path f = dir.resolve("vocab.txt");
    d.pipeline().vocabulary().save(f);
    TextDataset other = synthetic("examples", 80, "seq_len", 16, "seed", 9, "vocab", f.toString());
    assertThat(other.pipeline().vocabulary().pieces())
        .isEqualTo(d.pipeline().vocabulary().pieces());
  }

  @Test
  void badParametersAreReportedTogether() {
    DatasetFactory f = SyntheticTextDatasetFactory.FACTORY;
    assertThatThrownBy(
            () ->
                f.create(
                    Params.parse(
                        f.descriptor().params(),
                        "seq_len",
                        2,
                        "tokenizer",
                        "bpe",
                        "label_fraction",
                        1.5,
                        "colour",
                        "red")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("seq_len: must be >= 3, found 2")
        .hasMessageContaining(
            "tokenizer: must be word, char, hf:<path to tokenizer.json> or wordpiece:<path to vocab.txt>, found 'bpe'")
        .hasMessageContaining("label_fraction: must be in [0, 1], found 1.5")
        .hasMessageContaining("unknown parameter 'colour'");
  }

  @Test
  void fortunesCategoriesNameAtLeastOneAndNoneTwiceBeforeAnyFileIsRead() {
    FortunesDatasetFactory f = FortunesDatasetFactory.punctuation();
    String missing = dir.resolve("missing").toString();
    assertThatThrownBy(
            () ->
                f.create(
                    Params.parse(f.descriptor().params(), "dir", missing, "categories", "a, b,a")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "1 configuration error:\n  categories: must not name a category twice, found 'a, b,a'");
    assertThatThrownBy(
            () ->
                f.create(
                    Params.parse(f.descriptor().params(), "dir", missing, "categories", " , ")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "1 configuration error:\n  categories: must name at least one category, found ' , '");
  }

  @Test
  void fortunesFromFilesWithBadCategoryNamesTheFile() throws Exception {
    Files.writeString(dir.resolve("a"), "alpha one\n%\nalpha two\n%\n");
    assertThatThrownBy(
            () ->
                FortunesDatasetFactory.classification()
                    .create(Params.of("dir", dir.toString(), "categories", "a,b")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no fortune category 'b' (file " + dir.resolve("b") + ")");
  }

  @Test
  void fortunesFromTheInstalledCorpus() {
    assumeTrue(
        Files.isDirectory(FortunesReader.DEFAULT_DIR),
        "fortunes not installed (apt-get install fortunes)");
    TextDataset d =
        FortunesDatasetFactory.classification().create(Params.of("label_fraction", 0.1));
    assertThat(d.outputNames())
        .containsExactly("computers", "definitions", "politics", "science", "songs-poems");
    int total = d.size(Split.TRAIN) + d.size(Split.VALIDATION) + d.size(Split.TEST);
    assertThat(total).isGreaterThan(3000);
    assertThat(d.size(Split.TRAIN)).isBetween((int) (0.75 * total), (int) (0.85 * total));
    assertThat(d.split(Split.TRAIN).labelled())
        .isBetween(d.size(Split.TRAIN) / 12, d.size(Split.TRAIN) / 8);
    assertThat(d.pipeline().vocabulary().size()).isBetween(2000, 5000);
    assertThat(d.pipeline().seqLen()).isEqualTo(64);
    TextDataset punct =
        FortunesDatasetFactory.punctuation()
            .create(Params.of("categories", "computers", "tokenizer", "char"));
    assertThat(punct.tagging()).isTrue();
    assertThat(punct.pipeline().vocabulary().size()).isBetween(50, 200);
  }
}
