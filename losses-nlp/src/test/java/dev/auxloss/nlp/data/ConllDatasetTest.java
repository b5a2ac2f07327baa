package dev.auxloss.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.testing.FromConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConllDatasetTest {
  static final String TRAIN =
      """
      -DOCSTART- -X- -X- O

      EU NNP B-NP B-ORG
      rejects VBZ B-VP O
      German JJ B-NP B-MISC
      call NN I-NP O

      Peter NNP B-NP B-PER
      Blackburn NNP I-NP I-PER
      """;

  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private static Dataset create(Object... params) {
    List<Object> all = new ArrayList<>(List.of(params));
    all.addAll(List.of("min_count", 1, "seq_len", 8));
    return FromConfig.dataset(ConllDatasetFactory.FACTORY, all.toArray());
  }

  @Test
  void tagsAfterOSortedAndAlignedToTheTokensAsWritten() throws IOException {
    Path train = file("train.txt", TRAIN);
    Path dev = file("dev.txt", "Peter NNP B-NP B-PER\nrejects VBZ B-VP O\n");
    Dataset d = create("train", train.toString(), "validation", dev.toString());
    assertThat(new String(d.exportAssets().get("tags.txt"), StandardCharsets.UTF_8))
        .isEqualTo("O\nB-MISC\nB-ORG\nB-PER\nI-PER\n");
    assertThat(d.size(Split.TRAIN)).isEqualTo(2);
    Batch b = d.batches(Split.VALIDATION, 1, 0).next();
    int[] tags = ((HostTensor.Ints) b.get("tags")).values();
    // BOS, Peter (B-PER = 3), rejects (O), EOS, padding
    assertThat(Arrays.copyOf(tags, 5)).containsExactly(0, 3, 0, 0, 0);
    float[] mask = ((HostTensor.Floats) b.get("token_mask")).values();
    assertThat(Arrays.copyOf(mask, 5)).containsExactly(1f, 1f, 1f, 1f, 0f);
  }

  @Test
  void theTagColumnAndAValidationSplitCanBeChosen() throws IOException {
    Path train = file("train.txt", "a O X\nb B-T Y\n\nc O X\n\nd O X\n\ne B-T Y\n");
    Dataset d = create("train", train.toString(), "tag_column", 1, "validation_split", 0.25);
    assertThat(new String(d.exportAssets().get("tags.txt"), StandardCharsets.UTF_8))
        .isEqualTo("O\nB-T\n");
    assertThat(d.size(Split.TRAIN) + d.size(Split.VALIDATION)).isEqualTo(4);
    assertThat(d.size(Split.VALIDATION)).isEqualTo(1);
  }

  @Test
  void badLinesNameTheFileAndLine() throws IOException {
    Path ok = file("ok.txt", TRAIN);
    Path ragged = file("ragged.txt", "EU NNP B-NP B-ORG\nrejects VBZ O\n");
    assertThatThrownBy(() -> create("train", ragged.toString(), "validation", ok.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("train: " + ragged + ":2: 3 columns, the file's first line has 4");
    Path badTag = file("badtag.txt", "EU NNP B-NP ORG\n");
    assertThatThrownBy(() -> create("train", badTag.toString(), "validation", ok.toString()))
        .hasMessageContaining(
            badTag + ":1: tag 'ORG' is not O or B-, I-, E-, S-<type> (BIO or IOBES)");
    Path unseen = file("unseen.txt", "Paris NNP B-NP B-LOC\n");
    assertThatThrownBy(() -> create("train", ok.toString(), "validation", unseen.toString()))
        .hasMessageContaining(
            "validation: "
                + unseen
                + ":1: tag 'B-LOC' is not among the training tags [O, B-MISC, B-ORG, B-PER, I-PER]");
    assertThatThrownBy(() -> create("train", ok.toString()))
        .hasMessageContaining(
            "validation: is required unless validation_split holds out part of train");
  }
}
