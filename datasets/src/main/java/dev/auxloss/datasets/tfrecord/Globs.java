package dev.auxloss.datasets.tfrecord;

import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a glob names ({@code /data/train-*.tfrecord}, {@code shards/{a,b}/*.tfr}, {@code
 * data/**.tfrecord}), sorted by path as {@code tf.io.gfile.glob} returns them; a plain path names
 * one file. A glob matching no file is a {@link ConfigException} under {@code param}.
 */
final class Globs {
  private Globs() {}

  static List<Path> resolve(String glob, String param) {
    Path pattern = Path.of(glob).toAbsolutePath().normalize();
    Path base = pattern.getRoot();
    int depth = 0;
    boolean wild = false;
    for (Path part : pattern) {
      if (!wild && !hasWildcard(part.toString())) {
        base = base.resolve(part);
      } else {
        wild = true;
        depth++;
      }
    }
    if (!wild) {
      var notFile = DataPaths.notAFile(base);
      if (notFile.isPresent())
        throw new ConfigException(ConfigError.of(param, base + ": " + notFile.get()));
      return List.of(base);
    }
    var notDir = DataPaths.notADirectory(base);
    if (notDir.isPresent()) {
      throw new ConfigException(
          ConfigError.of(param, "'" + glob + "' matches no file: " + base + ": " + notDir.get()));
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    int maxDepth = glob.contains("**") ? Integer.MAX_VALUE : depth;
    List<Path> files;
    try (Stream<Path> s = Files.walk(base, maxDepth)) {
      files = s.filter(p -> matcher.matches(p) && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigException(
          ConfigError.of(param, "cannot list " + base + ": " + ConfigError.reason(e)));
    }
    if (files.isEmpty())
      throw new ConfigException(ConfigError.of(param, "'" + glob + "' matches no file"));
    return files;
  }

  private static boolean hasWildcard(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }
}
