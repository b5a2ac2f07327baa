package dev.auxloss.vision.data;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.params.ConfigError;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Segmentation masks: PNGs whose pixels are class ids, as mmsegmentation's annotation folders hold
 * them — 8-bit grey or palette (indexed) PNGs whose sample is the class — or RGB colours mapped to
 * classes by a {@link Palette}. Every value must be a class in {@code [0, classes)} or the ignore
 * index; anything else is a {@link BadExample} naming the file and the pixel. Masks are resized by
 * nearest neighbour only, so every pixel keeps a real class id.
 */
final class MaskFiles {
  private MaskFiles() {}

  /** A mask's class ids, row-major, at its own size. */
  record Mask(int width, int height, int[] ids) {}

  /** What a mask's pixel values mean: the class count, the ignore index and an optional palette. */
  record Coding(int classes, int ignoreIndex, Palette palette) {
    boolean valid(int id) {
      return (id >= 0 && id < classes) || id == ignoreIndex;
    }

    String rule() {
      return "classes is "
          + classes
          + " (ids 0.."
          + (classes - 1)
          + ") and ignore_index is "
          + ignoreIndex;
    }
  }

  /**
   * RGB colour → class, written {@code "0,0,0=0; 128,0,0=1; 255,255,255=255"} (PASCAL VOC's colour
   * map style); a colour the palette lacks is an error, never a guess.
   */
  record Palette(Map<Integer, Integer> classByRgb) {
    static final String SYNTAX = "entries 'r,g,b=class' separated by ';', r, g, b in 0..255";

    /** The palette {@code text} describes; an {@link IllegalArgumentException} saying why not. */
    static Palette parse(String text) {
      Map<Integer, Integer> map = new LinkedHashMap<>();
      for (String entry : text.split(";")) {
        if (entry.isBlank()) continue;
        String[] sides = entry.split("=");
        String[] rgb = sides[0].split(",");
        if (sides.length != 2 || rgb.length != 3)
          throw new IllegalArgumentException("'" + entry.strip() + "' is not r,g,b=class");
        int colour = 0;
        for (String c : rgb) colour = (colour << 8) | number(c, entry, 255);
        int id = number(sides[1], entry, Integer.MAX_VALUE);
        if (map.put(colour, id) != null)
          throw new IllegalArgumentException("colour " + sides[0].strip() + " is listed twice");
      }
      if (map.isEmpty()) throw new IllegalArgumentException("no entries");
      return new Palette(Map.copyOf(map));
    }

    private static int number(String s, String entry, int max) {
      try {
        int v = Integer.parseInt(s.strip());
        if (v >= 0 && v <= max) return v;
      } catch (NumberFormatException e) {
        // the message below says what was expected
      }
      throw new IllegalArgumentException(
          "'" + entry.strip() + "': '" + s.strip() + "' is not a number in 0.." + max);
    }
  }

  /**
   * Reads {@code file}'s class ids; a {@link BadExample} on {@code field} naming the file
   * otherwise: {@code undecodable_image}, {@code mask_mismatch} (colour channels and no palette) or
   * {@code unknown_label} (a value or colour that is no class).
   */
  static Mask read(Path file, Coding coding, String field) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw error(
          BadExample.UNDECODABLE_IMAGE,
          field,
          file,
          "cannot read the mask: " + ConfigError.reason(e));
    }
    if (image == null)
      throw error(
          BadExample.UNDECODABLE_IMAGE, field, file, "cannot read the mask: not a PNG image");
    int w = image.getWidth();
    int h = image.getHeight();
    int[] ids = new int[w * h];
    Raster raster = image.getRaster();
    if (coding.palette() == null && raster.getNumBands() != 1) {
      throw error(
          BadExample.MASK_MISMATCH,
          field,
          file,
          "a mask with "
              + raster.getNumBands()
              + " channels; class-index masks are 8-bit grey or palette PNGs (set 'palette' to map"
              + " RGB colours to classes)");
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int id;
        if (coding.palette() == null) {
          id = raster.getSample(x, y, 0);
        } else {
          int rgb = image.getRGB(x, y) & 0xffffff;
          Integer mapped = coding.palette().classByRgb().get(rgb);
          if (mapped == null) {
            throw error(
                BadExample.UNKNOWN_LABEL,
                field,
                file,
                "pixel (x "
                    + x
                    + ", y "
                    + y
                    + ") has colour "
                    + (rgb >> 16)
                    + ","
                    + ((rgb >> 8) & 0xff)
                    + ","
                    + (rgb & 0xff)
                    + ", which 'palette' does not list");
          }
          id = mapped;
        }
        if (!coding.valid(id)) {
          throw error(
              BadExample.UNKNOWN_LABEL,
              field,
              file,
              "pixel (x " + x + ", y " + y + ") holds class " + id + ", but " + coding.rule());
        }
        ids[y * w + x] = id;
      }
    }
    return new Mask(w, h, ids);
  }

  /**
   * {@code mask} resized to {@code height}×{@code width} into {@code dst[offset...]} by nearest
   * neighbour with half-pixel centres (the pixel whose centre is nearest, as the bilinear image
   * resize aligns them), never interpolated.
   */
  static void resizeNearest(Mask mask, int height, int width, int[] dst, int offset) {
    int sh = mask.height();
    int sw = mask.width();
    for (int y = 0; y < height; y++) {
      int sy = Math.min(sh - 1, (int) Math.floor((y + 0.5) * sh / height));
      for (int x = 0; x < width; x++) {
        int sx = Math.min(sw - 1, (int) Math.floor((x + 0.5) * sw / width));
        dst[offset + y * width + x] = mask.ids()[sy * sw + sx];
      }
    }
  }

  private static BadExample error(String kind, String field, Path file, String why) {
    return new BadExample(kind, field, file + ": " + why);
  }
}
