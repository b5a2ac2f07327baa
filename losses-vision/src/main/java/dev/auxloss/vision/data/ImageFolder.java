package dev.auxloss.vision.data;

import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The Keras/torchvision folder layout: {@code root/<class>/*.png|jpg|jpeg}, either once (split by a
 * seeded {@code validation_split}, no test split) or under {@code root/train/}, {@code root/val/}
 * (or {@code validation/}) and {@code root/test/}. Classes are the sorted folder names of the
 * training split; a class folder in val/ or test/ that training does not have, an empty class
 * folder, a file that is not a readable image and a split with no images are {@link
 * ConfigException}s naming the path. Files are listed sorted, so the order (and the seeded split)
 * repeats.
 *
 * @param classes the class names, sorted; label i is classes[i]
 * @param files per split, each image's path and label
 */
record ImageFolder(List<String> classes, Map<Split, List<Labelled>> files) {
  static final String FIELD = "path";

  /** One image and its class index. */
  record Labelled(Path path, int label) {}

  static ImageFolder scan(Path root, double validationSplit, long seed) {
    DataPaths.notADirectory(root)
        .ifPresent(
            why -> {
              throw error(root + ": " + why);
            });
    Path train = root.resolve("train");
    Map<Split, List<Labelled>> files = new EnumMap<>(Split.class);
    List<String> classes;
    if (Files.isDirectory(train)) {
      classes = classFolders(train, true);
      files.put(Split.TRAIN, images(train, classes, false));
      Path val =
          Files.isDirectory(root.resolve("val")) ? root.resolve("val") : root.resolve("validation");
      if (validationSplit > 0) {
        if (Files.isDirectory(val)) {
          throw error(
              root
                  + " has a "
                  + val.getFileName()
                  + "/ folder and validation_split is "
                  + validationSplit
                  + ": use one or the other");
        }
        splitOff(files, validationSplit, seed);
      } else if (Files.isDirectory(val)) {
        files.put(Split.VALIDATION, images(val, classes, true));
      } else {
        throw error(
            root
                + " has train/ but no val/ (or validation/) folder; add one or set validation_split");
      }
      Path test = root.resolve("test");
      files.put(Split.TEST, Files.isDirectory(test) ? images(test, classes, true) : List.of());
    } else {
      classes = classFolders(root, true);
      if (!(validationSplit > 0)) {
        throw error(
            root
                + " has class folders but no train/ and val/: set validation_split (e.g. 0.2) to hold out"
                + " validation images");
      }
      files.put(Split.TRAIN, images(root, classes, false));
      splitOff(files, validationSplit, seed);
      files.put(Split.TEST, List.of());
    }
    for (Split s : List.of(Split.TRAIN, Split.VALIDATION)) {
      if (files.get(s).isEmpty())
        throw error(root + ": the " + s.name().toLowerCase() + " split has no images");
    }
    return new ImageFolder(classes, files);
  }

  /**
   * Moves a seeded share of TRAIN to VALIDATION (at least one image each when there are two or
   * more).
   */
  private static void splitOff(Map<Split, List<Labelled>> files, double share, long seed) {
    List<Labelled> all = new ArrayList<>(files.get(Split.TRAIN));
    int[] order = ImageDataset.permutation(all.size(), new Random(seed));
    int held = (int) Math.round(share * all.size());
    if (all.size() >= 2) held = Math.max(1, Math.min(all.size() - 1, held));
    List<Labelled> validation = new ArrayList<>();
    List<Labelled> train = new ArrayList<>();
    for (int i = 0; i < order.length; i++) (i < held ? validation : train).add(all.get(order[i]));
    files.put(Split.TRAIN, train);
    files.put(Split.VALIDATION, validation);
  }

  /**
   * The sorted class folder names under {@code dir}; training needs two or more, val/ and test/
   * one.
   */
  private static List<String> classFolders(Path dir, boolean training) {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names =
          s.filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith("."))
              .sorted()
              .toList();
      if (names.isEmpty())
        throw error(dir + ": no class folders (expected " + dir + "/<class>/*.png)");
      if (training && names.size() < 2)
        throw error(
            dir + ": one class folder (" + names.get(0) + "); a classifier needs two or more");
      return names;
    } catch (IOException e) {
      throw error(dir + ": " + ConfigError.reason(e));
    }
  }

  /**
   * The images of every class folder under {@code dir}; {@code subset}: dir may lack some classes.
   */
  private static List<Labelled> images(Path dir, List<String> classes, boolean subset) {
    List<String> found = classFolders(dir, !subset);
    for (String c : found) {
      if (!classes.contains(c)) {
        throw error(
            dir.resolve(c) + ": class '" + c + "' is not among the training classes " + classes);
      }
    }
    List<Labelled> out = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      Path folder = dir.resolve(classes.get(label));
      if (subset && !Files.isDirectory(folder)) continue;
      List<Path> images;
      try (Stream<Path> s = Files.list(folder)) {
        images = s.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
      } catch (IOException e) {
        throw error(folder + ": " + ConfigError.reason(e));
      }
      if (images.isEmpty())
        throw error(folder + ": an empty class folder (no .png, .jpg or .jpeg files)");
      for (Path p : images) out.add(new Labelled(p, label));
    }
    return out;
  }

  static ConfigException error(String message) {
    return new ConfigException(ConfigError.of(FIELD, message));
  }
}
