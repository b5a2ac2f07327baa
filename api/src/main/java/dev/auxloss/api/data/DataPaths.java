package dev.auxloss.api.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why a path a dataset parameter names cannot be read as the directory or file it should be, in the
 * words its errors use, so "no such directory" is never said of a regular file:
 *
 * <pre>{@code
 * DataPaths.notADirectory(Path.of("/etc/hostname")); // Optional["is a file, not a directory"]
 * DataPaths.notAFile(Path.of("/nowhere/x.gz"));       // Optional["no such file"]
 * }</pre>
 */
public final class DataPaths {
  private DataPaths() {}

  /** Empty when {@code dir} is a readable directory. */
  public static Optional<String> notADirectory(Path dir) {
    if (Files.isDirectory(dir)) {
      return Files.isReadable(dir)
          ? Optional.empty()
          : Optional.of("directory is not readable (permission denied)");
    }
    if (Files.isRegularFile(dir)) return Optional.of("is a file, not a directory");
    return Optional.of(Files.exists(dir) ? "is not a directory" : "no such directory" + tilde(dir));
  }

  /** Empty when {@code file} is a regular file (whether it is readable is the read's to say). */
  public static Optional<String> notAFile(Path file) {
    if (Files.isRegularFile(file)) return Optional.empty();
    if (Files.isDirectory(file)) return Optional.of("is a directory, not a file");
    return Optional.of(Files.exists(file) ? "is not a regular file" : "no such file" + tilde(file));
  }

  /** A shell expands "~"; a config is no shell. */
  private static String tilde(Path p) {
    return p.toString().startsWith("~")
        ? " ('~' is not expanded in a config: write the full path)"
        : "";
  }
}
