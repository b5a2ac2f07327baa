package dev.auxloss.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.nlp.text.HfTokenizer;
import dev.auxloss.nlp.text.TextPipeline;
import dev.auxloss.nlp.text.TokenizerFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL's native Hugging Face tokenizer is freed by its owner: the dataset builder once every split
 * is encoded, a pipeline rebuilt from an export's assets when it is closed.
 */
class TokenizerLifecycleTest {
  @TempDir Path dir;

  private TextDataConfig hf() throws Exception {
    Path file = Files.write(dir.resolve("tokenizer.json"), TokenizerFiles.wordPieceJson());
    return new TextDataConfig("hf:" + file, 10, 1, 5000, 1.0, "");
  }

  private static void assertClosed(TextPipeline p) {
    assertThatThrownBy(() -> p.encode("the cats"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tokenizer is closed");
  }

  /** One example "the cats" in every split, classified, through an {@code hf:} tokenizer. */
  private TextDataset classified() throws Exception {
    List<TextDatasetBuilder.Example> one = List.of(new TextDatasetBuilder.Example("the cats", 0));
    return TextDatasetBuilder.build(
        Map.of(Split.TRAIN, one, Split.VALIDATION, one, Split.TEST, one),
        TextDatasetBuilder.Task.CLASSIFY,
        hf(),
        List.of("x"));
  }

  @Test
  void theBuilderClosesTheTokenizerOnceEverySplitIsEncoded() throws Exception {
    TextDataset d = classified();
    assertClosed(d.pipeline());
    assertThat(d.batches(Split.VALIDATION, 1, 0).next().get(TextDataset.TOKENS)).isNotNull();
    assertThat(d.exportAssets().get(HfTokenizer.ASSET)).isEqualTo(TokenizerFiles.wordPieceJson());

    List<TextDatasetBuilder.TaggedSentence> tagged =
        List.of(new TextDatasetBuilder.TaggedSentence(List.of("the", "cats"), new int[] {0, 1}));
    TextDataset t =
        TextDatasetBuilder.buildTagged(
            Map.of(Split.TRAIN, tagged, Split.VALIDATION, tagged, Split.TEST, tagged),
            hf(),
            List.of("O", "X"));
    assertClosed(t.pipeline());
  }

  @Test
  void aPipelineFromAssetsClosesItsTokenizer() throws Exception {
    TextDataset d = classified();
    TextPipeline served = TextPipeline.fromAssets(d.exportAssets());
    HostTensor.Ints encoded =
        (HostTensor.Ints) d.batches(Split.TEST, 1, 0).next().get(TextDataset.TOKENS);
    assertThat(served.encode("the cats").ids()).isEqualTo(encoded.values());
    served.close();
    assertClosed(served);
  }
}
