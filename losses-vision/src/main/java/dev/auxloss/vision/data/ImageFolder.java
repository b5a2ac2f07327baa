package dev.auxloss.vision.data;

import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Keras/torchvision folder layout: {@code root/<class>/*.png|jpg|jpeg}, either once (split by a
 * seeded {@code validation_split}, no test split) or under {@code root/train/}, {@code root/val/}
 * (or {@code validation/}) and {@code root/test/} ({@link FolderSplits}). Classes are the sorted
 * folder names of the training split; a class folder in val/ or test/ that training does not have,
 * an empty class folder, a file that is not a readable image and a split with no images are {@link
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
    // val/ and test/ may hold a subset of the classes the training folder (listed first) has
    List<String> classes = new ArrayList<>();
    Map<Split, List<Labelled>> files =
        FolderSplits.scan(
            root,
            validationSplit,
            seed,
            "class folders",
            FIELD,
            (dir, training) -> {
              if (training) classes.addAll(classFolders(dir, true));
              return images(dir, classes, !training);
            });
    return new ImageFolder(List.copyOf(classes), files);
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
    return FolderSplits.error(FIELD, message);
  }
}
