package dev.auxloss.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.params.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BERT's WordPiece from a {@code vocab.txt}: the reference examples, and agreement with Hugging
 * Face's own WordPiece (through DJL) on a {@code tokenizer.json} of the same vocabulary.
 */
class WordPieceTokenizerTest {
  private final WordPieceTokenizer wp =
      WordPieceTokenizer.read(TokenizerFiles.vocabTxt(), "tokenizer", "vocab.txt");

  @Test
  void greedyLongestMatchFirstWithContinuationPieces() {
    assertThat(wp.split("unaffable")).containsExactly("un", "##aff", "##able");
    assertThat(wp.split("cats")).containsExactly("cat", "##s");
    // no split covers "unaffablex": the whole word is one [UNK], not a partial match
    assertThat(wp.split("unaffablex")).containsExactly("[UNK]");
  }

  @Test
  void lowerCasesStripsAccentsAndSplitsPunctuationAndCjk() {
    assertThat(wp.split("The CAT sat, on the Café-mat!"))
        .containsExactly("the", "cat", "sat", ",", "on", "the", "cafe", "[UNK]", "mat", "!");
    assertThat(wp.split("hello中world")).containsExactly("hello", "中", "world");
    assertThat(wp.split("the\tcat\u0000\nsat")).containsExactly("the", "cat", "sat");
  }

  @Test
  void idsAreTheLineNumbersAfterTheFiveReservedIds() {
    Vocabulary v = wp.vocabulary();
    assertThat(v.size()).isEqualTo(SpecialTokens.COUNT + TokenizerFiles.WORDPIECE.size());
    assertThat(v.id("[PAD]")).isEqualTo(SpecialTokens.COUNT);
    assertThat(v.id("un")).isEqualTo(SpecialTokens.COUNT + TokenizerFiles.WORDPIECE.indexOf("un"));
  }

  @Test
  void agreesWithHuggingFaceWordPieceOnTheSameVocabulary() {
    HfTokenizer hf =
        HfTokenizer.read(TokenizerFiles.wordPieceJson(), "tokenizer", "tokenizer.json");
    assertThat(hf.vocabulary().pieces()).isEqualTo(wp.vocabulary().pieces());
    for (String text :
        List.of(
            "unaffable",
            "The cat sat on the mat.",
            "Cats? Unaffable cats sat!  on mats, the end",
            "Café world hello中world",
            "johanson ran $5 abc",
            "a\u0301b tést",
            "unaffablex zzz",
            "  ")) {
      assertThat(wp.split(text)).as(text).isEqualTo(hf.split(text));
    }
  }

  @Test
  void aFileWithoutUnkIsRefusedNamingIt() {
    assertThatThrownBy(
            () ->
                WordPieceTokenizer.read(
                    "a\nb\n".getBytes(StandardCharsets.UTF_8), "tokenizer", "/x/vocab.txt"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tokenizer")
        .hasMessageContaining("/x/vocab.txt: has no [UNK] line");
  }
}
