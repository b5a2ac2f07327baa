package dev.auxloss.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.params.ConfigException;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  @Test
  void wordTokenizerLowercasesAndSplitsPunctuation() {
    assertThat(Tokenizer.named("word").split("Don't PANIC!  It's 42 -- \"really\"?"))
        .containsExactly("don't", "panic", "!", "it's", "42", "-", "-", "\"", "really", "\"", "?");
  }

  @Test
  void wordTokenizerKeepsUnicodeLetters() {
    assertThat(Tokenizer.named("word").split("Café über straße"))
        .containsExactly("café", "über", "straße");
  }

  @Test
  void charTokenizerNormalisesWhitespaceAndKeepsCase() {
    assertThat(Tokenizer.named("char").split(" Hi\n\tthere "))
        .containsExactly("H", "i", " ", "t", "h", "e", "r", "e");
  }

  @Test
  void charTokenizerKeepsSupplementaryCodePointsWhole() {
    assertThat(Tokenizer.named("char").split("a😀b")).containsExactly("a", "😀", "b");
  }

  @Test
  void unknownTokenizerIsAConfigError() {
    assertThatThrownBy(() -> Tokenizer.named("bpe"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tokenizer: must be one of [char, word], found 'bpe'");
  }
}
