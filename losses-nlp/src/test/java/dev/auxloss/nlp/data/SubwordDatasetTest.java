package dev.auxloss.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.nlp.text.SpecialTokens;
import dev.auxloss.nlp.text.TextPipeline;
import dev.auxloss.nlp.text.TokenizerFiles;
import dev.auxloss.testing.FromConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text datasets with a subword tokenizer: the file fixes the vocabulary (its ids + 5), goes
 * with the export, and CoNLL tokens split into pieces that keep their span.
 */
class SubwordDatasetTest {
  @TempDir Path dir;

  private static final List<String> V = TokenizerFiles.WORDPIECE;

  private static int id(String piece) {
    return SpecialTokens.COUNT + V.indexOf(piece);
  }

  private Path jsonl() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      sb.append(
          i % 2 == 0
              ? "{\"text\": \"The cats sat\", \"label\": \"a\"}\n"
              : "{\"text\": \"unaffable world!\", \"label\": \"b\"}\n");
    }
    return Files.writeString(dir.resolve("train.jsonl"), sb);
  }

  @Test
  void aTokenizerJsonFixesTheVocabularyAndTravelsWithTheExport() throws IOException {
    Path json = Files.write(dir.resolve("tokenizer.json"), TokenizerFiles.wordPieceJson());
    Dataset d =
        FromConfig.dataset(
            TextClassificationDatasetFactory.FACTORY,
            "train",
            jsonl().toString(),
            "validation",
            jsonl().toString(),
            "tokenizer",
            "hf:" + json,
            "seq_len",
            8);
    assertThat(d.modelHints()).containsEntry("vocab_size", (double) (V.size() + 5));
    int[] first =
        ((HostTensor.Ints) d.batches(Split.VALIDATION, 1, 0).next().get("tokens")).values();
    assertThat(first)
        .containsExactly(
            SpecialTokens.BOS, id("the"), id("cat"), id("##s"), id("sat"), SpecialTokens.EOS, 0, 0);

    Map<String, byte[]> assets = d.exportAssets();
    assertThat(assets.get("tokenizer.json")).isEqualTo(Files.readAllBytes(json));
    Files.delete(json); // serving reads the copy, never the original
    TextPipeline served = TextPipeline.fromAssets(assets);
    assertThat(served.encode("unaffable world!").ids())
        .containsExactly(
            SpecialTokens.BOS,
            id("un"),
            id("##aff"),
            id("##able"),
            id("world"),
            id("!"),
            SpecialTokens.EOS,
            0);
  }

  @Test
  void aWordPieceVocabTxtGivesConllPiecesThatKeepTheirSpan() throws IOException {
    Path vocab = Files.write(dir.resolve("vocab.txt"), TokenizerFiles.vocabTxt());
    Path train =
        Files.writeString(
            dir.resolve("train.txt"), "Johanson B-PER\nran O\n\nPeter B-PER\nJohanson I-PER\n");
    Dataset d =
        FromConfig.dataset(
            ConllDatasetFactory.FACTORY,
            "train",
            train.toString(),
            "validation",
            train.toString(),
            "tokenizer",
            "wordpiece:" + vocab,
            "seq_len",
            8);
    var b = d.batches(Split.VALIDATION, 2, 0).next();
    int[] tokens = ((HostTensor.Ints) b.get("tokens")).values();
    int[] tags = ((HostTensor.Ints) b.get("tags")).values();
    assertThat(Arrays.copyOf(tokens, 6))
        .containsExactly(
            SpecialTokens.BOS, id("jo"), id("##han"), id("##son"), id("ran"), SpecialTokens.EOS);
    // tags O, B-PER (1), I-PER (2): the continuation pieces of a B-PER token are I-PER
    assertThat(Arrays.copyOf(tags, 6)).containsExactly(0, 1, 2, 2, 0, 0);
    assertThat(d.exportAssets().get("wordpiece_vocab.txt")).isEqualTo(Files.readAllBytes(vocab));
  }

  @Test
  void punctuationRestorationTagsTheSubwordPieces() throws IOException {
    Path vocab = Files.write(dir.resolve("vocab.txt"), TokenizerFiles.vocabTxt());
    TextDataConfig cfg = new TextDataConfig("wordpiece:" + vocab, 10, 1, 5000, 1.0, "");
    List<TextDatasetBuilder.Example> one =
        List.of(new TextDatasetBuilder.Example("The cats sat, on the mat.", 0));
    Map<Split, List<TextDatasetBuilder.Example>> raw =
        Map.of(Split.TRAIN, one, Split.VALIDATION, one, Split.TEST, one);
    TextDataset d =
        TextDatasetBuilder.build(raw, TextDatasetBuilder.Task.PUNCTUATION, cfg, List.of("x"));
    var b = d.batches(Split.VALIDATION, 1, 0).next();
    assertThat(((HostTensor.Ints) b.get("tokens")).values())
        .containsExactly(
            SpecialTokens.BOS,
            id("the"),
            id("cat"),
            id("##s"),
            id("sat"),
            id("on"),
            id("the"),
            id("mat"),
            SpecialTokens.EOS,
            0);
    // the comma tags "sat" (1 = COMMA), the period "mat" (2 = PERIOD); an uncased tokenizer
    // lower-cases "The", so its case tag is lower (0)
    assertThat(((HostTensor.Ints) b.get("tags")).values())
        .containsExactly(0, 0, 0, 0, 1, 0, 0, 2, 0, 0);
  }

  @Test
  void iobesSpansStayWhole() {
    List<String> names = List.of("O", "B-X", "E-X", "I-X", "S-X");
    int[] s = new int[3];
    for (int k = 0; k < 3; k++) s[k] = SubwordTags.pieceTag("S-X", k, 3, names);
    assertThat(s).containsExactly(1, 3, 2);
    assertThat(SubwordTags.pieceTag("E-X", 0, 2, names)).isEqualTo(3);
    assertThat(SubwordTags.pieceTag("E-X", 1, 2, names)).isEqualTo(2);
    assertThat(SubwordTags.pieceTag("S-X", 0, 1, names)).isEqualTo(4);
    // no I-Y among the tags: a B-Y token's later pieces keep B-Y
    assertThat(SubwordTags.pieceTag("B-Y", 1, 2, List.of("O", "B-Y"))).isEqualTo(1);
  }

  @Test
  void badTokenizerSettingsNameTheParamAndPath() throws IOException {
    Path train = jsonl();
    Path missing = dir.resolve("nope.json");
    Path vocab = Files.write(dir.resolve("vocab.txt"), TokenizerFiles.vocabTxt());
    assertThatThrownBy(() -> create(train, "tokenizer", "hf:" + missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tokenizer: tokenizer file " + missing + ": no such file");
    assertThatThrownBy(() -> create(train, "tokenizer", "bpe:" + missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tokenizer: must be word, char, hf:<path to tokenizer.json>");
    assertThatThrownBy(
            () -> create(train, "tokenizer", "wordpiece:" + vocab, "vocab", vocab.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vocab: must be empty with a subword tokenizer");
  }

  private static Dataset create(Path train, Object... more) {
    Object[] all = new Object[more.length + 4];
    all[0] = "train";
    all[1] = train.toString();
    all[2] = "validation";
    all[3] = train.toString();
    System.arraycopy(more, 0, all, 4, more.length);
    return FromConfig.dataset(TextClassificationDatasetFactory.FACTORY, all);
  }
}
