package dev.auxloss.cli.run;

import dev.auxloss.cli.UsageException;
import dev.auxloss.tf.export.ExportDestination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run directory: {@code runs/<name>-<yyyyMMdd-HHmmss>} under the working directory unless {@code
 * --out} names one. It is created only after the config resolved and the graph built, and held
 * locked ({@link RunLock}) until {@link #close}. A run that fails before writing its first
 * checkpoint removes it again — only if this process created it — and then each parent it created
 * while that parent is empty, so bad input never leaves an empty run behind and never takes another
 * run's files with it. A directory that existed before (a resumed run) is never removed.
 */
public final class RunDirectory implements AutoCloseable {
  public static final String CONFIG = "config.pbtxt";
  public static final String CONFIG_HASH = "config.sha256";

  /** Where {@link #writeAssets} puts the data's files. */
  public static final String ASSETS = "assets";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path dir;

  /**
   * The directories this process created, the run directory first, then its new parents upwards.
   */
  private final List<Path> created;

  private final RunLock lock;

  private RunDirectory(Path dir, List<Path> created, RunLock lock) {
    this.dir = dir;
    this.created = created;
    this.lock = lock;
  }

  /**
   * {@code runs/<name>-<stamp>} under {@code base}, with a {@code -2}, {@code -3}... suffix if
   * taken.
   */
  public static Path fresh(Path base, String name, LocalDateTime now) {
    Path first = base.resolve("runs").resolve(name + "-" + STAMP.format(now));
    Path p = first;
    for (int n = 2; Files.exists(p); n++) p = first.resolveSibling(first.getFileName() + "-" + n);
    return p;
  }

  /**
   * The newest {@code runs/<name>-*} directory under {@code base}, for {@code --resume} without
   * {@code --out}.
   */
  public static Optional<Path> newest(Path base, String name) {
    Path runs = base.resolve("runs");
    if (!Files.isDirectory(runs)) return Optional.empty();
    java.util.regex.Pattern own =
        java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(name) + "-(\\d{8}-\\d{6})(?:-(\\d+))?");
    try (Stream<Path> s = Files.list(runs)) {
      return s.filter(Files::isDirectory)
          .filter(p -> own.matcher(p.getFileName().toString()).matches())
          .max(Comparator.comparing((Path p) -> sortKey(own, p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "yyyyMMdd-HHmmss" + the collision suffix zero-padded, so later runs sort last. */
  private static String sortKey(java.util.regex.Pattern own, Path p) {
    var m = own.matcher(p.getFileName().toString());
    m.matches();
    return m.group(1)
        + String.format("%09d", m.group(2) == null ? 1 : Integer.parseInt(m.group(2)));
  }

  /**
   * Refuses a directory that already holds files (a new run must not mix with an old one), one in
   * use by another process, and one that cannot be created or written.
   */
  public static void requireEmptyOrAbsent(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException(dir + " exists and is not a directory; choose another --out");
    }
    requireCreatable(dir, "--out");
    if (!Files.exists(dir)) return;
    RunLock.requireFree(dir);
    requireNoRunFiles(dir);
  }

  private static void requireNoRunFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      // a lock file left by a process that died holds nothing of a run
      if (s.anyMatch(p -> !p.getFileName().toString().equals(RunLock.FILE))) {
        throw new UsageException(
            dir
                + " already holds files; pass --resume to continue that run or choose another --out");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Refuses a run directory that is a file or cannot be created or written, naming what is in the
   * way and why.
   */
  public static void requireCreatable(Path dir, String what) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException(what + " " + dir + ": exists and is not a directory");
    }
    ExportDestination.whyNotCreatable(dir)
        .ifPresent(
            why -> {
              throw new UsageException(what + " " + dir + ": " + why);
            });
  }

  /**
   * Creates {@code dir} (and missing parents), remembering what it created, and locks it for {@code
   * command}. With {@code fresh}, the directory must hold nothing but a stale lock file once
   * locked.
   */
  public static RunDirectory create(Path dir, boolean fresh, String command) {
    List<Path> created = new ArrayList<>();
    RunLock lock = null;
    try {
      createOwned(dir.toAbsolutePath().normalize(), created);
      lock = RunLock.acquire(dir, command);
      if (fresh) requireNoRunFiles(dir);
      Collections.reverse(created);
      return new RunDirectory(dir, created, lock);
    } catch (RuntimeException e) {
      if (lock != null) lock.close();
      Collections.reverse(created);
      removeIfEmpty(created);
      throw e;
    }
  }

  /**
   * Creates {@code dir} and its missing parents one by one; {@code created} gets those this call
   * made.
   */
  private static void createOwned(Path dir, List<Path> created) {
    if (Files.isDirectory(dir)) return;
    if (dir.getParent() != null) createOwned(dir.getParent(), created);
    try {
      Files.createDirectory(dir);
      created.add(dir);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir))
        throw new UsageException(dir + " exists and is not a directory; choose another --out");
      // another process made it first: not ours to remove
    } catch (IOException e) {
      // the access check passed, the file system still said no (/proc, a read-only mount, a full
      // disk)
      throw new UsageException(
          "run directory " + dir + ": cannot be created here: " + ExportDestination.osReason(e));
    }
  }

  public Path path() {
    return dir;
  }

  public Path resolve(String name) {
    return dir.resolve(name);
  }

  /**
   * Writes {@code config.pbtxt} and {@code config.sha256} ({@code <hash> config.pbtxt}, as
   * sha256sum prints).
   */
  public void writeConfig(String configText, String hash) {
    try {
      Files.writeString(dir.resolve(CONFIG), configText, StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve(CONFIG_HASH), hash + "  " + CONFIG + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the config into " + dir, e);
    }
  }

  /**
   * Writes the files the run's data hands its export (vocabulary, labels, a tokenizer file) into
   * {@code assets/}, so the run keeps the very files it trained with even if the originals change.
   */
  public void writeAssets(Map<String, byte[]> assets) {
    if (assets.isEmpty()) return;
    try {
      Path dir = Files.createDirectories(this.dir.resolve(ASSETS));
      for (Map.Entry<String, byte[]> a : assets.entrySet())
        Files.write(dir.resolve(a.getKey()), a.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the data's assets into " + dir, e);
    }
  }

  /** True when a checkpoint (or an export) was written: worth keeping after a failure. */
  public boolean holdsResults() {
    Path checkpoints = dir.resolve("checkpoints");
    if (Files.isDirectory(dir.resolve("export"))) return true;
    if (!Files.isDirectory(checkpoints)) return false;
    try (Stream<Path> s = Files.list(checkpoints)) {
      return s.anyMatch(p -> p.getFileName().toString().matches("step-\\d+"));
    } catch (IOException e) {
      return true; // unsure: keep it
    }
  }

  /**
   * After a failure: unless it holds a checkpoint, deletes the run directory if this process
   * created it (it held the lock since, so all in it is this run's) and then the parents it created
   * while they are empty. Releases the lock. Returns true if the run directory was deleted.
   */
  public boolean removeIfUseless() {
    if (!created.contains(dir.toAbsolutePath().normalize()) || holdsResults()) return false;
    deleteContentsButLock(); // still locked: no one else writes here meanwhile
    lock.close();
    removeIfEmpty(created);
    return true;
  }

  /** Releases the lock (deleting the lock file if this process made it). */
  @Override
  public void close() {
    lock.close();
  }

  /** Deletes each of {@code dirs} (deepest first) that is empty; stops at the first that is not. */
  private static void removeIfEmpty(List<Path> dirs) {
    for (Path p : dirs) {
      try {
        Files.deleteIfExists(p);
      } catch (DirectoryNotEmptyException e) {
        return; // someone else's files (another run under runs/): keep it and everything above
      } catch (IOException e) {
        return;
      }
    }
  }

  private void deleteContentsButLock() {
    Path lockFile = dir.resolve(RunLock.FILE);
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir) && !p.equals(lockFile)) Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
