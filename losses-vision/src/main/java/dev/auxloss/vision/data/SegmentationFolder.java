package dev.auxloss.vision.data;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The mmsegmentation / nnU-Net-like layout: {@code dir/images/*.png|jpg|jpeg} and {@code
 * dir/masks/<same stem>.png}, where {@code dir} is the root (split by a seeded {@code
 * validation_split}) or its {@code train/}, {@code val/} and optional {@code test/} ({@link
 * FolderSplits}). Two images with one stem and a folder without images are {@link
 * dev.auxloss.api.params.ConfigException}s naming the path. An image without a mask, or a mask
 * without an image, is listed as a {@link Pair} missing one side, so that it lands in a split like
 * any example and {@link #paired} hands it to the bad-example policy there.
 */
final class SegmentationFolder {
  static final String FIELD = "path";

  private SegmentationFolder() {}

  /** An image and its mask; one of them is null when the other has no partner. */
  record Pair(Path image, Path mask) {}

  /** Checks that {@code p} has both sides; a {@link BadExample} naming the lone file otherwise. */
  static void paired(Pair p) {
    if (p.mask() == null) {
      Path masks = p.image().getParent().resolveSibling("masks");
      throw new BadExample(
          BadExample.MISSING_MASK,
          FIELD,
          p.image() + ": no mask (expected " + masks.resolve(stem(p.image()) + ".png") + ")");
    }
    if (p.image() == null) {
      throw new BadExample(
          BadExample.MISSING_IMAGE,
          FIELD,
          p.mask()
              + ": a mask without an image (no "
              + stem(p.mask())
              + ".* in "
              + p.mask().getParent().resolveSibling("images")
              + ")");
    }
  }

  static Map<Split, List<Pair>> scan(Path root, double validationSplit, long seed) {
    return FolderSplits.scan(
        root, validationSplit, seed, "images/ and masks/", FIELD, (dir, training) -> pairs(dir));
  }

  /**
   * The images of {@code dir/images} with their masks, sorted by image path, then the masks without
   * an image.
   */
  private static List<Pair> pairs(Path dir) {
    Path images = dir.resolve("images");
    Path masks = dir.resolve("masks");
    for (Path p : List.of(images, masks)) {
      if (!Files.isDirectory(p))
        throw FolderSplits.error(
            FIELD,
            p
                + ": no such folder (expected "
                + images
                + "/*.png|jpg and "
                + masks
                + "/<same name>.png)");
    }
    Map<String, Path> maskByStem = new LinkedHashMap<>();
    for (Path m : list(masks)) {
      if (!isPng(m))
        throw FolderSplits.error(
            FIELD, m + ": masks must be PNG files (JPEG's lossy compression changes class ids)");
      maskByStem.put(stem(m), m);
    }
    Map<String, Path> imageByStem = new LinkedHashMap<>();
    List<Pair> out = new ArrayList<>();
    for (Path image : list(images)) {
      Path other = imageByStem.put(stem(image), image);
      if (other != null)
        throw FolderSplits.error(
            FIELD, image + " and " + other + " have the same name: which one does the mask label?");
      out.add(new Pair(image, maskByStem.get(stem(image))));
    }
    for (Map.Entry<String, Path> m : maskByStem.entrySet()) {
      if (!imageByStem.containsKey(m.getKey())) out.add(new Pair(null, m.getValue()));
    }
    if (out.isEmpty())
      throw FolderSplits.error(FIELD, images + ": no images (.png, .jpg or .jpeg files)");
    return out;
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
    } catch (IOException e) {
      throw FolderSplits.error(FIELD, dir + ": " + ConfigError.reason(e));
    }
  }

  /** The file name without its extension. */
  private static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? n : n.substring(0, dot);
  }

  /** Whether {@code p} is a PNG by name (masks must be lossless). */
  static boolean isPng(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png");
  }
}
