package dev.auxloss.tf.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checkpoints under {@code <run>/checkpoints/step-<N>/ckpt.*}, written to a hidden temporary
 * directory and renamed into place, so a crash never leaves a half-written checkpoint under a real
 * name. Keeps the newest K. A checkpoint counts only when its index and data files are both present
 * and non-empty. A save that fails takes its temporary directory with it ({@link #abandon}).
 */
public final class CheckpointManager {
  private static final String TMP = ".tmp-step-";
  private final Path dir;
  private final int keep;
  private boolean swept;

  public CheckpointManager(Path runDir, int keep) {
    this.dir = runDir.resolve("checkpoints");
    this.keep = Math.max(1, keep);
  }

  /**
   * A temporary prefix to save to; then {@link #commit}, or {@link #abandon} when the save failed.
   */
  public Path begin(long step) {
    try {
      Files.createDirectories(dir);
      if (!swept) removeStaleTemporaries();
      Path tmp = dir.resolve(TMP + step);
      deleteTree(tmp);
      Files.createDirectories(tmp);
      return tmp.resolve("ckpt");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create checkpoint directory under " + dir, e);
    }
  }

  /**
   * Deletes the temporary directory {@link #begin} created for a save that failed (and only it); a
   * failure to delete is added to {@code cause}, which stays the error to report.
   */
  public void abandon(Path tmpPrefix, Throwable cause) {
    try {
      deleteTree(tmpPrefix.getParent());
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Removes {@code .tmp-step-*} directories a killed run left, before this process's first save.
   * Only auxloss writes under {@code checkpoints/}, and a second live run in one directory is
   * refused by the run-directory lock, so these are the half-written saves of an earlier auxloss
   * process here.
   */
  private void removeStaleTemporaries() throws IOException {
    swept = true;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TMP)).toList())
        deleteTree(p);
    }
  }

  /** Moves the saved checkpoint into place and drops the oldest beyond K. */
  public Path commit(long step, Path tmpPrefix) {
    Path target = dir.resolve("step-" + step);
    try {
      deleteTree(target);
      try {
        Files.move(tmpPrefix.getParent(), target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmpPrefix.getParent(), target);
      }
      List<Path> all = valid();
      for (int i = 0; i < all.size() - keep; i++) deleteTree(all.get(i));
      return target.resolve("ckpt");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move checkpoint into " + target, e);
    }
  }

  /** Valid checkpoint directories, oldest first. */
  public List<Path> valid() {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("step-\\d+"))
          .filter(CheckpointManager::complete)
          .sorted(Comparator.comparingLong(CheckpointManager::stepOf))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The newest valid checkpoint prefix ({@code .../step-N/ckpt}). */
  public Optional<Path> latest() {
    List<Path> v = valid();
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1).resolve("ckpt"));
  }

  /** Valid checkpoint prefixes, newest first (to fall back when one fails to restore). */
  public List<Path> newestFirst() {
    List<Path> v = new ArrayList<>(valid());
    java.util.Collections.reverse(v);
    return v.stream().map(p -> p.resolve("ckpt")).toList();
  }

  static long stepOf(Path p) {
    return Long.parseLong(p.getFileName().toString().substring("step-".length()));
  }

  private static boolean complete(Path p) {
    try {
      Path index = p.resolve("ckpt.index");
      if (!Files.isRegularFile(index) || Files.size(index) == 0) return false;
      try (Stream<Path> s = Files.list(p)) {
        return s.anyMatch(f -> f.getFileName().toString().startsWith("ckpt.data-"));
      }
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
    }
  }
}
