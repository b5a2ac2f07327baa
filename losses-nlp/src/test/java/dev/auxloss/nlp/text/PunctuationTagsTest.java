package dev.auxloss.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PunctuationTagsTest {
  @Test
  void wordPiecesTagThePreviousWord() {
    PunctuationTags.Tagged t =
        PunctuationTags.strip(Tokenizer.named("word").split("Well, is it? Yes! Fine; go. Now"));
    assertThat(t.pieces()).containsExactly("well", "is", "it", "yes", "fine", "go", "now");
    assertThat(t.tags()).containsExactly(1, 0, 3, 4, 1, 2, 0);
  }

  @Test
  void casedPiecesAreLowerCasedAndTaggedWithTheirCase() {
    PunctuationTags.Tagged t =
        PunctuationTags.strip(
            Tokenizer.named("word").splitCased("Well, I said NASA is fine. McCoy?"));
    assertThat(t.pieces()).containsExactly("well", "i", "said", "nasa", "is", "fine", "mccoy");
    int m = PunctuationTags.MARKS;
    assertThat(t.tags())
        .containsExactly(
            PunctuationTags.COMMA + m * PunctuationTags.CAPITALISED,
            PunctuationTags.O + m * PunctuationTags.CAPITALISED,
            0,
            PunctuationTags.O + m * PunctuationTags.UPPER,
            0,
            PunctuationTags.PERIOD,
            PunctuationTags.QUESTION + m * PunctuationTags.CAPITALISED);
    assertThat(PunctuationTags.NAMES.get(t.tags()[0])).isEqualTo("Cap+COMMA");
    assertThat(PunctuationTags.NAMES).hasSize(PunctuationTags.COUNT);
  }

  @Test
  void charPiecesSkipASpaceBeforeTheMark() {
    PunctuationTags.Tagged t = PunctuationTags.strip(Tokenizer.named("char").split("ab , c."));
    assertThat(t.pieces()).containsExactly("a", "b", " ", " ", "c");
    assertThat(t.tags()).containsExactly(0, 1, 0, 0, 2);
  }

  @Test
  void runsKeepTheLastMarkAndLeadingMarksAreDropped() {
    PunctuationTags.Tagged t = PunctuationTags.strip(List.of("?", "what", "?", "!", "..", "."));
    assertThat(t.pieces()).containsExactly("what", "..");
    assertThat(t.tags()).containsExactly(4, 2);
  }

  @Test
  void alignPutsOAtBosEosAndPadding() {
    assertThat(PunctuationTags.align(new int[] {1, 2, 3}, 7)).containsExactly(0, 1, 2, 3, 0, 0, 0);
    assertThat(PunctuationTags.align(new int[] {1, 2, 3}, 4)).containsExactly(0, 1, 2, 0);
  }
}
