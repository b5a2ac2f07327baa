package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.cli.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code segmentation-folder} with {@code on_bad_example: SKIP} through {@code auxloss train}
 * (issue #16 item 8): an image without its mask (found before training) and an image whose pixels
 * do not decode (found when its batch is made) are skipped, the run trains, and run.json counts
 * both by kind. Without SKIP the undecodable pixels stop the run with exit 2 naming the file (the
 * scan-time faults are BadInputSegFolderCases).
 */
class SkipBadMasksCliTest {
  @TempDir Path dir;

  static final String CONFIG =
      """
      name: "segskip"
      seed: 1
      model { name: "seg-net" param { name: "width" number: 2 } }
      data {
        dataset: "segmentation-folder"
        batch_size: 5
        {policy}
        param { name: "path" text: "{dir}/data" }
        param { name: "classes" number: 3 }
      }
      loss { key: "vision.cross_entropy" param { name: "label" text: "seg_label" } }
      training { steps: 2 eval_every: 2 checkpoint_every: 2 }
      export { skip: true }
      """;

  /** Four good training pairs, two validation pairs, and t9.png whose pixels are cut off. */
  private Path data() throws Exception {
    Random r = new Random(3);
    Path data = dir.resolve("data");
    for (int i = 0; i < 5; i++) SegmentationFolderEndToEndTest.example(data, "train", "t" + i, r);
    for (int i = 0; i < 2; i++) SegmentationFolderEndToEndTest.example(data, "val", "v" + i, r);
    Path cut = data.resolve("train/images/t4.png");
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), 40));
    return cut;
  }

  private Cli train(String policy) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("seg.pbtxt"),
            CONFIG.replace("{dir}", dir.toString()).replace("{policy}", policy));
    return Cli.run("train", "--config", config.toString(), "--out", dir.resolve("run").toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void unpairedAndUndecodableImagesAreSkippedAndCountedInRunJson() throws Exception {
    Path cut = data();
    Path lone = dir.resolve("data/train/images/t5.png");
    Files.copy(dir.resolve("data/train/images/t0.png"), lone);

    Cli r = train("on_bad_example: SKIP");

    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out())
        .contains("warning: skipped a bad example (missing_mask): path: " + lone + ": no mask")
        .contains("warning: skipped a bad example (undecodable_image): path: " + cut);
    Map<String, Object> report =
        (Map<String, Object>) Json.parse(Files.readString(dir.resolve("run/run.json")));
    assertThat(report.get("bad_examples"))
        .isEqualTo(
            Map.of(
                "policy",
                "skip",
                "skipped",
                2L,
                "by_split",
                Map.of("train", Map.of("missing_mask", 1L, "undecodable_image", 1L))));
  }

  @Test
  void withoutSkipUndecodablePixelsStopTheRunNamingTheFile() throws Exception {
    Path cut = data();

    Cli r = train("");

    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(2);
    assertThat(r.err().lines())
        .allMatch(l -> l.startsWith("auxloss:"))
        .anyMatch(l -> l.contains(cut + ": cannot read the image: "));
  }
}
