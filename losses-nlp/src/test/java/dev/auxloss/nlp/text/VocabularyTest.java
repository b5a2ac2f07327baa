package dev.auxloss.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.params.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
  @TempDir Path dir;

  @Test
  void specialTokensComeFirstThenPiecesByFrequencyThenAlphabet() {
    Vocabulary v =
        Vocabulary.build(List.of(List.of("b", "a", "c", "a"), List.of("c", "d", "a")), 1, 100);
    assertThat(v.pieces())
        .containsExactly("<pad>", "<unk>", "<mask>", "<bos>", "<eos>", "a", "c", "b", "d");
    assertThat(v.id("a")).isEqualTo(5);
    assertThat(v.id("never seen")).isEqualTo(SpecialTokens.UNK);
  }

  @Test
  void minCountAndMaxSizeLimitTheVocabulary() {
    List<List<String>> docs = List.of(List.of("x", "x", "x", "y", "y", "z"));
    assertThat(Vocabulary.build(docs, 2, 100).pieces().subList(5, 7)).containsExactly("x", "y");
    assertThat(Vocabulary.build(docs, 1, 6).size()).isEqualTo(6);
    assertThat(Vocabulary.build(docs, 1, 6).piece(5)).isEqualTo("x");
  }

  @Test
  void specialSpellingsInTheTextAreNotDuplicated() {
    Vocabulary v = Vocabulary.build(List.of(List.of("<unk>", "a")), 1, 100);
    assertThat(v.pieces()).containsExactly("<pad>", "<unk>", "<mask>", "<bos>", "<eos>", "a");
  }

  @Test
  void savesAndLoadsOnePiecePerLineEscapingControlCharacters() throws Exception {
    Vocabulary v = Vocabulary.of(List.of("a", " ", "\\", "line\nbreak", "tab\t"));
    Path f = dir.resolve("vocab.txt");
    v.save(f);
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(10);
    assertThat(lines.get(5)).isEqualTo("a");
    assertThat(lines.get(6)).isEqualTo(" ");
    assertThat(lines.get(7)).isEqualTo("\\\\");
    assertThat(lines.get(8)).isEqualTo("line\\nbreak");
    assertThat(Vocabulary.load(f).pieces()).isEqualTo(v.pieces());
  }

  @Test
  void aFileWithoutTheSpecialTokensIsAConfigErrorNamingIt() throws Exception {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "hello\nworld\n");
    assertThatThrownBy(() -> Vocabulary.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vocabulary file " + f + " must start with the special tokens");
  }

  @Test
  void aMissingFileIsAConfigErrorNamingIt() {
    Path f = dir.resolve("missing.txt");
    assertThatThrownBy(() -> Vocabulary.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vocabulary file " + f + ": no such file")
        .hasMessageNotContaining("Exception");
  }

  @Test
  void aDuplicatePieceInAFileIsAConfigError() throws Exception {
    Path f = dir.resolve("dup.txt");
    Files.writeString(f, String.join("\n", SpecialTokens.NAMES) + "\na\na\n");
    assertThatThrownBy(() -> Vocabulary.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("piece 'a' appears twice");
  }

  @Test
  void aRegularPieceSpelledLikeAReservedOneMapsToItsOwnId() {
    // sentencepiece and byte-level BPE files hold "<unk>" and "<pad>" as pieces of their own
    Vocabulary v = Vocabulary.of(List.of("<unk>", "a"));
    assertThat(v.id("<unk>")).isEqualTo(SpecialTokens.COUNT);
    assertThat(v.piece(SpecialTokens.UNK)).isEqualTo("<unk>");
    assertThat(Vocabulary.fromBytes(v.toBytes(), "v").id("<unk>")).isEqualTo(SpecialTokens.COUNT);
  }
}
