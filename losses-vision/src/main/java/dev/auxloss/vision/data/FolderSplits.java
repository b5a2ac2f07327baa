package dev.auxloss.vision.data;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The split layout the folder datasets share ({@code image-folder}, {@code segmentation-folder}):
 * the examples either once under the root, split by a seeded {@code validation_split} (no test
 * split), or under {@code root/train/}, {@code root/val/} (or {@code validation/}) and an optional
 * {@code root/test/}. A {@link Lister} reads one such folder; this class decides which folders and
 * holds out the validation share. A missing root, both val/ and validation_split, neither, and an
 * empty train or validation split are {@link ConfigException}s naming the path.
 */
final class FolderSplits {
  private FolderSplits() {}

  /** Reads the examples of one folder (sorted, so the seeded split repeats). */
  @FunctionalInterface
  interface Lister<T> {
    /**
     * @param training the training folder (read first), or val/ test/ (which may hold less)
     */
    List<T> list(Path dir, boolean training);
  }

  /**
   * @param content what the examples' folders hold, for messages ({@code "class folders"})
   * @param field the parameter errors name
   */
  static <T> Map<Split, List<T>> scan(
      Path root,
      double validationSplit,
      long seed,
      String content,
      String field,
      Lister<T> lister) {
    DataPaths.notADirectory(root)
        .ifPresent(
            why -> {
              throw error(field, root + ": " + why);
            });
    Path train = root.resolve("train");
    Map<Split, List<T>> files = new EnumMap<>(Split.class);
    if (Files.isDirectory(train)) {
      files.put(Split.TRAIN, lister.list(train, true));
      Path val =
          Files.isDirectory(root.resolve("val")) ? root.resolve("val") : root.resolve("validation");
      if (validationSplit > 0) {
        if (Files.isDirectory(val)) {
          throw error(
              field,
              root
                  + " has a "
                  + val.getFileName()
                  + "/ folder and validation_split is "
                  + validationSplit
                  + ": use one or the other");
        }
        splitOff(files, validationSplit, seed);
      } else if (Files.isDirectory(val)) {
        files.put(Split.VALIDATION, lister.list(val, false));
      } else {
        throw error(
            field,
            root
                + " has train/ but no val/ (or validation/) folder; add one or set validation_split");
      }
      Path test = root.resolve("test");
      files.put(Split.TEST, Files.isDirectory(test) ? lister.list(test, false) : List.of());
    } else {
      files.put(Split.TRAIN, lister.list(root, true));
      if (!(validationSplit > 0)) {
        throw error(
            field,
            root
                + " has "
                + content
                + " but no train/ and val/: set validation_split (e.g. 0.2) to hold out"
                + " validation images");
      }
      splitOff(files, validationSplit, seed);
      files.put(Split.TEST, List.of());
    }
    for (Split s : List.of(Split.TRAIN, Split.VALIDATION)) {
      if (files.get(s).isEmpty())
        throw error(field, root + ": the " + s.name().toLowerCase() + " split has no images");
    }
    return files;
  }

  /**
   * Moves a seeded share of TRAIN to VALIDATION (at least one image each when there are two or
   * more).
   */
  private static <T> void splitOff(Map<Split, List<T>> files, double share, long seed) {
    List<T> all = new ArrayList<>(files.get(Split.TRAIN));
    int[] order = ImageDataset.permutation(all.size(), new Random(seed));
    int held = (int) Math.round(share * all.size());
    if (all.size() >= 2) held = Math.max(1, Math.min(all.size() - 1, held));
    List<T> validation = new ArrayList<>();
    List<T> train = new ArrayList<>();
    for (int i = 0; i < order.length; i++) (i < held ? validation : train).add(all.get(order[i]));
    files.put(Split.TRAIN, train);
    files.put(Split.VALIDATION, validation);
  }

  /**
   * The examples of every split that pass {@code check}; one that throws a {@link BadExample} goes
   * to {@code bad} (FAIL: thrown, SKIP: counted and left out). Splits are checked in order, each in
   * its listed order, so FAIL names the first bad example.
   */
  static <T> Map<Split, List<T>> kept(
      Map<Split, List<T>> files, BadExamples bad, Consumer<T> check) {
    Map<Split, List<T>> out = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      List<T> kept = new ArrayList<>();
      for (T f : files.get(s)) {
        try {
          check.accept(f);
          kept.add(f);
        } catch (BadExample e) {
          bad.reject(s, e);
        }
      }
      out.put(s, kept);
    }
    return out;
  }

  /**
   * An error for the first split that had examples in {@code listed} but has none in {@code kept}.
   */
  static <T> void noneEmptied(
      Map<Split, List<T>> listed, Map<Split, List<T>> kept, String field, String root) {
    for (Split s : Split.values()) {
      if (kept.get(s).isEmpty() && !listed.get(s).isEmpty()) {
        throw error(
            field,
            root
                + ": the "
                + s.name().toLowerCase(Locale.ROOT)
                + " split has no images left (on_bad_example: SKIP skipped every one)");
      }
    }
  }

  static ConfigException error(String field, String message) {
    return new ConfigException(ConfigError.of(field, message));
  }
}
