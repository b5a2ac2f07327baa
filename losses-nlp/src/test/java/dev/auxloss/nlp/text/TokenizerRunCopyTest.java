package dev.auxloss.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Tokenizers#runCopy}: a file tokenizer's spec points at the run's copy of its kind. */
class TokenizerRunCopyTest {
  @TempDir Path assets;

  @Test
  void aFileTokenizerPointsAtTheRunsCopyOfItsKind() throws Exception {
    assertThat(Tokenizers.runCopy("wordpiece:/gone/vocab.txt", assets)).isEmpty();
    Files.write(assets.resolve(WordPieceTokenizer.ASSET), TokenizerFiles.vocabTxt());
    String copy = "wordpiece:" + assets.resolve(WordPieceTokenizer.ASSET);
    assertThat(Tokenizers.runCopy("wordpiece:/gone/vocab.txt", assets)).contains(copy);
    assertThat(Tokenizers.open(copy, "tokenizer").split("unaffable"))
        .isEqualTo(WordPieceTokenizer.read(TokenizerFiles.vocabTxt(), "t", "v").split("unaffable"));
    assertThat(Tokenizers.runCopy("hf:/gone/tokenizer.json", assets)).as("another kind").isEmpty();
    Files.write(assets.resolve(HfTokenizer.ASSET), TokenizerFiles.wordPieceJson());
    assertThat(Tokenizers.runCopy("hf:/gone/tokenizer.json", assets))
        .contains("hf:" + assets.resolve(HfTokenizer.ASSET));
    assertThat(Tokenizers.runCopy("word", assets)).as("no file").isEmpty();
  }
}
