package dev.auxloss.tf.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a SavedModel may go without deleting anything its writer did not create. A destination is
 * usable when it does not exist (and its nearest existing ancestor is a writable directory) or is
 * an empty directory; a previous auxloss export — recognised by the {@link #MARKER} file every
 * export writes — is replaced only when the caller asks for it. Anything else (a regular file, a
 * folder of other files, a symbolic link) is refused.
 *
 * <p>The export is written into a fresh hidden sibling ({@code .<name>.tmp-<random>}, created here,
 * so it is surely this process's) and renamed into place; a replaced export is first renamed aside
 * and deleted only once the new one is in.
 */
public final class ExportDestination {
  /** Written into every export: what recognises a folder as a previous auxloss export. */
  public static final String MARKER = "auxloss-export.json";

  private static final SecureRandom RANDOM = new SecureRandom();

  private ExportDestination() {}

  /**
   * Refused by {@link #problem}: the destination is in use by something that is not ours to
   * replace.
   */
  public static final class UnusableException extends RuntimeException {
    public UnusableException(String message) {
      super(message);
    }
  }

  /**
   * Why {@code dest} cannot receive an export, or empty when it can.
   *
   * @param replaceExport whether a previous auxloss export there may be replaced
   * @param overwriteHint what the user passes to allow that (named in the message)
   */
  public static Optional<String> problem(Path dest, boolean replaceExport, String overwriteHint) {
    Path d = dest.toAbsolutePath().normalize();
    if (d.getParent() == null) return Optional.of("is the file system root");
    Optional<String> parent = whyNotCreatable(d.getParent());
    if (parent.isPresent()) return parent;
    if (Files.isSymbolicLink(d))
      return Optional.of("is a symbolic link; name the directory itself or a new one");
    if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
    if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("exists and is not a directory; choose a new or empty directory");
    }
    if (isExport(d)) {
      return replaceExport
          ? Optional.empty()
          : Optional.of(
              "holds a previous auxloss export; pass " + overwriteHint + " to replace it");
    }
    if (!isEmpty(d)) {
      return Optional.of(
          "already holds files and is not an auxloss export (it has no "
              + MARKER
              + "); choose a new or empty directory");
    }
    return Optional.empty();
  }

  /**
   * Why {@code dir} (a directory, existing or not) cannot be created and written, or empty: its
   * nearest existing ancestor must be a directory this process may write, with the OS's reason.
   */
  public static Optional<String> whyNotCreatable(Path dir) {
    Path p = dir.toAbsolutePath().normalize();
    while (p != null && !Files.exists(p)) p = p.getParent();
    if (p == null) return Optional.of("cannot be created: no ancestor of it exists");
    if (!Files.isDirectory(p))
      return Optional.of("cannot be created: " + p + " is not a directory");
    try {
      p.getFileSystem().provider().checkAccess(p, AccessMode.WRITE);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot be written: " + p + ": " + osReason(e));
    }
  }

  /** What the OS said, in words: Java names some errno values only by the exception's class. */
  public static String osReason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof NoSuchFileException) return "no such file or directory";
    if (e instanceof FileSystemException) return "refused by the file system";
    return e.getMessage();
  }

  /** True when {@code dir} is a directory holding the marker of a previous auxloss export. */
  public static boolean isExport(Path dir) {
    return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
  }

  /** A new, empty, hidden directory beside {@code dest} that this process created. */
  static Path freshSibling(Path dest, String kind) {
    Path d = dest.toAbsolutePath().normalize();
    try {
      Files.createDirectories(d.getParent());
      while (true) {
        // createDirectory, not createTempDirectory: the export keeps the umask's permissions (not
        // 0700),
        // so a server running as another user can read it
        Path p =
            d.resolveSibling(
                "."
                    + d.getFileName()
                    + "."
                    + kind
                    + "-"
                    + Long.toUnsignedString(RANDOM.nextLong(), 36));
        try {
          return Files.createDirectory(p);
        } catch (FileAlreadyExistsException e) {
          // someone else's: draw another name
        }
      }
    } catch (IOException e) {
      // the access check passed, the file system still said no (read-only, /proc, a full disk...)
      throw new UnusableException(dest + ": cannot be created here: " + osReason(e));
    }
  }

  /**
   * Renames the finished export {@code tmp} to {@code dest}, checking {@code dest} once more; a
   * previous export there (allowed by {@code replaceExport}) is moved aside first and deleted last.
   */
  static void install(Path tmp, Path dest, boolean replaceExport, String overwriteHint)
      throws IOException {
    Path d = dest.toAbsolutePath().normalize();
    problem(d, replaceExport, overwriteHint)
        .ifPresent(
            why -> {
              throw new UnusableException(dest + ": " + why);
            });
    if (!isExport(d)) {
      // rename(2) onto an empty directory replaces it and fails on a non-empty one: nothing of
      // someone else's can be lost even if the folder filled up since the check.
      move(tmp, d);
      return;
    }
    Path old = freshSibling(d, "old");
    move(d, old); // onto our own empty directory
    try {
      move(tmp, d);
    } catch (IOException | RuntimeException e) {
      move(old, d); // put the previous export back
      throw e;
    }
    deleteOwn(old);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (DirectoryNotEmptyException e) {
      throw new UnusableException(
          to + ": already holds files (written while exporting); choose a new or empty directory");
    }
  }

  /**
   * Deletes a directory tree this process created (a temporary sibling); never called on anything
   * else.
   */
  static void deleteOwn(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the temporary directory " + dir, e);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
