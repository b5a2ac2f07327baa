package dev.auxloss.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.params.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextPipelineTest {
  private final Vocabulary vocab = Vocabulary.of(List.of("hello", "world", ","));

  @Test
  void encodesWithBosEosAndPadding() {
    TextPipeline p = new TextPipeline(Tokenizer.named("word"), vocab, 8);
    TextPipeline.Encoded e = p.encode("Hello, big world");
    assertThat(e.ids()).containsExactly(3, 5, 7, 1, 6, 4, 0, 0);
    assertThat(e.mask()).containsExactly(1, 1, 1, 1, 1, 1, 0, 0);
    assertThat(e.length()).isEqualTo(6);
  }

  @Test
  void truncatesButAlwaysEndsWithEos() {
    TextPipeline p = new TextPipeline(Tokenizer.named("word"), vocab, 4);
    assertThat(p.encode("hello world hello world").ids()).containsExactly(3, 5, 6, 4);
  }

  @Test
  void emptyTextIsBosEos() {
    TextPipeline p = new TextPipeline(Tokenizer.named("char"), vocab, 4);
    assertThat(p.encode("   ").ids()).containsExactly(3, 4, 0, 0);
  }

  @Test
  void assetsRebuildTheSamePipeline() {
    TextPipeline p = new TextPipeline(Tokenizer.named("word"), vocab, 8);
    Map<String, byte[]> assets = p.assets();
    assertThat(assets).containsKeys("vocab.txt", "text_pipeline.properties");
    TextPipeline back = TextPipeline.fromAssets(assets);
    assertThat(back.tokenizer().name()).isEqualTo("word");
    assertThat(back.seqLen()).isEqualTo(8);
    assertThat(back.encode("hello, world").ids()).isEqualTo(p.encode("hello, world").ids());
  }

  @Test
  void inconsistentAssetsAreAConfigError() {
    Map<String, byte[]> assets =
        new HashMap<>(new TextPipeline(Tokenizer.named("word"), vocab, 8).assets());
    assets.put(
        "vocab.txt",
        (String.join("\n", SpecialTokens.NAMES) + "\nhello\n").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> TextPipeline.fromAssets(assets))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("says vocab_size 8 but vocab.txt holds 6 pieces");
    assertThatThrownBy(() -> TextPipeline.fromAssets(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("needs vocab.txt and text_pipeline.properties");
  }

  @Test
  void aSubwordPipelineTravelsWithItsFileAndChecksItAgainstVocabTxt() {
    SubwordTokenizer bpe = HfTokenizer.read(TokenizerFiles.bpeJson(), "tokenizer", "bpe.json");
    TextPipeline p = new TextPipeline(bpe, bpe.vocabulary(), 6);
    Map<String, byte[]> assets = new HashMap<>(p.assets());
    assertThat(assets).containsKey("tokenizer.json");
    assertThat(TextPipeline.fromAssets(assets).encode("abc cab").ids())
        .isEqualTo(p.encode("abc cab").ids())
        .containsExactly(3, 10, 8, 9, 4, 0);

    Map<String, byte[]> other = new HashMap<>(assets);
    other.put("tokenizer.json", TokenizerFiles.unigramJson()); // another file, other pieces
    assertThatThrownBy(() -> TextPipeline.fromAssets(other))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("vocab.txt does not hold the pieces of tokenizer.json");
    assets.remove("tokenizer.json");
    assertThatThrownBy(() -> TextPipeline.fromAssets(assets))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("names the tokenizer file tokenizer.json");
  }
}
