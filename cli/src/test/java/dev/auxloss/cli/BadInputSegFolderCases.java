package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.bytes;
import static dev.auxloss.cli.BadInputCase.directory;
import static dev.auxloss.cli.BadInputCase.train;

import dev.auxloss.cli.BadInputCase.Inputs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * {@code segmentation-folder}'s bad data (issue #16 items 3 and 8): each case writes a small train/
 * + val/ folder of images and masks, spoils one file, and expects the path (and pixel) named before
 * anything is written.
 */
final class BadInputSegFolderCases {
  private BadInputSegFolderCases() {}

  static final String DATA = BadInputCase.DIR + "/seg/";
  static final String CONFIG =
      """
      name: "badinput"
      model { name: "seg-net" param { name: "width" number: 2 } }
      data {
        dataset: "segmentation-folder"
        batch_size: 1
        param { name: "path" text: "{dir}/seg" }
        param { name: "classes" number: 3 }
      }
      loss { key: "vision.cross_entropy" param { name: "label" text: "seg_label" } }
      """;

  /** A PNG of {@code w}×{@code h}: grey 8-bit with every sample {@code value}, or RGB. */
  static byte[] png(int w, int h, int value, boolean rgb) {
    BufferedImage img =
        new BufferedImage(w, h, rgb ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        if (rgb) img.setRGB(x, y, value);
        else img.getRaster().setSample(x, y, 0, value);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One image and its mask (all class 1) in {@code split}. */
  static Inputs pair(String split, String name) {
    return bytes("seg/" + split + "/images/" + name + ".png", png(4, 4, 0x808080, true))
        .and(bytes("seg/" + split + "/masks/" + name + ".png", png(4, 4, 1, false)));
  }

  /** A valid folder: two training pairs and one validation pair. */
  static Inputs folder() {
    return pair("train", "a").and(pair("train", "b")).and(pair("val", "c"));
  }

  static List<BadInputCase> cases() {
    return List.of(
        train(
                "segmentation-folder: an image without its mask",
                CONFIG,
                "data.param.path",
                DATA + "train/images/d.png: no mask (expected " + DATA + "train/masks/d.png)")
            .withInputs(folder().and(bytes("seg/train/images/d.png", png(4, 4, 0, true)))),
        train(
                "segmentation-folder: a mask without its image",
                CONFIG,
                DATA + "val/masks/e.png: a mask without an image")
            .withInputs(folder().and(bytes("seg/val/masks/e.png", png(4, 4, 0, false)))),
        train(
                "segmentation-folder: an undecodable image",
                CONFIG,
                DATA + "train/images/a.png: cannot read the image")
            .withInputs(folder().and(bytes("seg/train/images/a.png", "not a png".getBytes()))),
        train(
                "segmentation-folder: an undecodable mask",
                CONFIG,
                DATA + "val/masks/c.png: cannot read the mask")
            .withInputs(folder().and(bytes("seg/val/masks/c.png", new byte[] {(byte) 0x89, 'P'}))),
        train(
                "segmentation-folder: a mask of another size than its image",
                CONFIG,
                DATA + "train/masks/b.png: the mask is 4×2 but its image b.png is 4×4")
            .withInputs(folder().and(bytes("seg/train/masks/b.png", png(4, 2, 1, false)))),
        train(
                "segmentation-folder: a mask value that is no class nor the ignore index",
                CONFIG,
                DATA + "train/masks/a.png: pixel (x 0, y 0) holds class 7",
                "classes is 3 (ids 0..2) and ignore_index is 255")
            .withInputs(folder().and(bytes("seg/train/masks/a.png", png(4, 4, 7, false)))),
        train(
                "segmentation-folder: a colour the palette does not list",
                CONFIG.replace(
                    "param { name: \"classes\" number: 3 }",
                    "param { name: \"classes\" number: 3 }\n"
                        + "param { name: \"palette\" text: \"0,0,0=0; 128,0,0=1; 0,128,0=2\" }"),
                DATA + "train/masks/a.png: pixel (x 0, y 0) has colour 1,1,1")
            .withInputs(
                bytes("seg/train/images/a.png", png(4, 4, 0, true))
                    .and(bytes("seg/train/masks/a.png", png(4, 4, 0x010101, true)))
                    .and(pair("train", "b"))
                    .and(pair("val", "c"))),
        train(
                "segmentation-folder: an empty validation split",
                CONFIG,
                DATA + "val/images: no images")
            .withInputs(
                pair("train", "a")
                    .and(directory("seg/val/images"))
                    .and(directory("seg/val/masks"))),
        train(
                "segmentation-folder: an ignore index that is a class",
                CONFIG.replace(
                    "param { name: \"classes\" number: 3 }",
                    "param { name: \"classes\" number: 3 } param { name: \"ignore_index\" number: 1 }"),
                "data.param.ignore_index",
                "must be >= classes (3), found 1")
            .withInputs(folder()));
  }
}
