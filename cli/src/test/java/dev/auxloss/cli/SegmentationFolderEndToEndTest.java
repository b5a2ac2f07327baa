package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16 item 3 through the CLI: seg-net trains a few steps on a generated {@code
 * segmentation-folder} (class-index masks with ignored pixels) with the pixel cross-entropy, the
 * multi-scale deep supervision and the auxiliary head, is evaluated, and predicts a mask PNG per
 * image from its export.
 */
class SegmentationFolderEndToEndTest {
  @TempDir static Path dir;
  static Path run;

  static final String CONFIG =
      """
      name: "segfolder"
      seed: 1
      model { name: "seg-net" param { name: "width" number: 4 } }
      data {
        dataset: "segmentation-folder"
        batch_size: 4
        param { name: "path" text: "{dir}/data" }
        param { name: "classes" number: 3 }
      }
      loss { key: "vision.cross_entropy" param { name: "label" text: "seg_label" } }
      loss { key: "vision.multiscale_ds" param { name: "endpoints" text: "decoder/features,decoder/up1/features" } }
      loss { key: "vision.seg_aux_head" param { name: "endpoint" text: "stage2/features" } param { name: "channels" number: 8 } }
      training {
        steps: 4
        eval_every: 4
        checkpoint_every: 4
        metric { key: "vision.mean_iou" }
      }
      """;

  /**
   * A 16×16 RGB image with a red square on grey and its mask: 1 in the square, 2 in a blue stripe,
   * 0 elsewhere, 255 (ignored) on the square's outline.
   */
  static void example(Path root, String split, String name, Random r) throws Exception {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    BufferedImage mask = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    int x0 = r.nextInt(8), y0 = r.nextInt(8), stripe = r.nextInt(16);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        boolean inside = x >= x0 && x < x0 + 6 && y >= y0 && y < y0 + 6;
        boolean edge = inside && (x == x0 || y == y0 || x == x0 + 5 || y == y0 + 5);
        int id = inside ? 1 : x == stripe ? 2 : 0;
        img.setRGB(x, y, id == 1 ? 0xd02020 : id == 2 ? 0x2020d0 : 0x808080);
        mask.getRaster().setSample(x, y, 0, edge ? 255 : id);
      }
    }
    Path images = Files.createDirectories(root.resolve(split + "/images"));
    Path masks = Files.createDirectories(root.resolve(split + "/masks"));
    ImageIO.write(img, "png", images.resolve(name + ".png").toFile());
    ImageIO.write(mask, "png", masks.resolve(name + ".png").toFile());
  }

  @BeforeAll
  static void train() throws Exception {
    Random r = new Random(7);
    Path data = dir.resolve("data");
    for (int i = 0; i < 8; i++) example(data, "train", "t" + i, r);
    for (int i = 0; i < 4; i++) example(data, "val", "v" + i, r);
    for (int i = 0; i < 3; i++) example(data, "test", "s" + i, r);
    Path config =
        Files.writeString(dir.resolve("seg.pbtxt"), CONFIG.replace("{dir}", dir.toString()));
    run = dir.resolve("run");
    Cli t = Cli.run("train", "--config", config.toString(), "--out", run.toString());
    assertThat(t.code()).as(t.err() + t.out()).isZero();
    assertThat(t.out()).contains("step 4/4", "mean_iou", "exported SavedModel of step 4");
  }

  private static List<JsonObject> lines(Path file) throws Exception {
    return Files.readAllLines(file).stream()
        .map(l -> JsonParser.parseString(l).getAsJsonObject())
        .toList();
  }

  @Test
  void evaluatesTheTestSplitWithMeanIou() {
    Cli e = Cli.run("evaluate", "--run", run.toString(), "--split", "test");
    assertThat(e.code()).as(e.err() + e.out()).isZero();
    assertThat(e.out()).contains("mean_iou");
  }

  @Test
  void predictsAClassIndexMaskPngPerImage() throws Exception {
    Path out = dir.resolve("pred.jsonl");
    Path input = dir.resolve("data/test/images");
    Cli p =
        Cli.run(
            "predict",
            "--run",
            run.toString(),
            "--input",
            input.toString(),
            "--out",
            out.toString());
    assertThat(p.code()).as(p.err() + p.out()).isZero();
    List<JsonObject> lines = lines(out);
    assertThat(lines).hasSize(3);
    for (JsonObject l : lines) {
      assertThat(l.get("path").getAsString()).contains("data/test/images/s");
      Path mask = Path.of(l.get("mask").getAsString());
      assertThat(mask).exists().hasParent(Path.of(out + ".masks"));
      BufferedImage m = ImageIO.read(mask.toFile());
      assertThat(m.getWidth()).isEqualTo(16);
      assertThat(m.getHeight()).isEqualTo(16);
      assertThat(m.getRaster().getNumBands()).isOne();
      for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++) assertThat(m.getRaster().getSample(x, y, 0)).isBetween(0, 2);
    }
  }

  @Test
  void predictsTheTestSplitThroughTheRunsPipeline() throws Exception {
    Path out = dir.resolve("split.jsonl");
    Cli p = Cli.run("predict", "--run", run.toString(), "--split", "test", "--out", out.toString());
    assertThat(p.code()).as(p.err() + p.out()).isZero();
    List<JsonObject> lines = lines(out);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2).get("id").getAsInt()).isEqualTo(2);
    assertThat(Path.of(lines.get(2).get("mask").getAsString())).exists();
  }
}
