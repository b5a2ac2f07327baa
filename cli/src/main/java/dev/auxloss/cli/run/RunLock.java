package dev.auxloss.cli.run;

import dev.auxloss.cli.UsageException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;

/**
 * The exclusive lock a command holds on a run directory for its whole life: {@code <run>/.lock},
 * locked with {@link FileChannel#tryLock} and holding who locked it ({@code pid=... host=...
 * command=... started=...}). A second {@code train}, {@code --resume}, {@code export} or {@code
 * evaluate} on the same directory is refused naming that holder, so two processes never interleave
 * metrics, mix checkpoints or clean up each other's files. The OS drops the lock when its process
 * dies (kill -9 included); the file is deleted on {@link #close} only by the process that created
 * it.
 *
 * <p>Everything about the file goes through the one channel: on POSIX, closing any other descriptor
 * of the file would release this process's lock.
 */
public final class RunLock implements AutoCloseable {
  public static final String FILE = ".lock";
  private static final int ATTEMPTS = 5;

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final boolean created;
  private boolean closed;

  private RunLock(Path file, FileChannel channel, FileLock lock, boolean created) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.created = created;
  }

  /**
   * Locks {@code runDir} (an existing directory) for {@code command}; exit 2 naming the holder if
   * taken.
   */
  public static RunLock acquire(Path runDir, String command) {
    Path file = runDir.resolve(FILE);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      RunLock l = tryAcquire(runDir, file, command);
      if (l != null) return l;
      // the holder deleted the file as we locked it: lock the new one
    }
    throw new UsageException(
        "cannot lock " + runDir + ": " + file + " keeps being replaced by another process");
  }

  /**
   * Like {@link #acquire}, but empty instead of an error when another process holds the lock: a
   * sweep trial claimed by another worker is not an error, only someone else's.
   */
  public static java.util.Optional<RunLock> acquireIfFree(Path runDir, String command) {
    try {
      return java.util.Optional.of(acquire(runDir, command));
    } catch (Held e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Refuses early when another process holds {@code runDir}'s lock; creates and changes nothing.
   */
  public static void requireFree(Path runDir) {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock l = tryLock(ch);
      if (l == null) throw inUse(runDir, ch);
      l.release();
    } catch (NoSuchFileException e) {
      // released and removed meanwhile: free
    } catch (IOException e) {
      throw cannotLock(runDir, e);
    }
  }

  /**
   * One attempt: the lock, or null when the file we locked is no longer the one at {@code file}.
   */
  private static RunLock tryAcquire(Path runDir, Path file, String command) {
    Object keyBefore = null;
    FileChannel ch;
    boolean created;
    try {
      try {
        ch =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        created = true;
      } catch (FileAlreadyExistsException e) {
        keyBefore = fileKey(file);
        ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        created = false;
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw cannotLock(runDir, e);
    }
    try {
      FileLock l = tryLock(ch);
      if (l == null) {
        UsageException busy = inUse(runDir, ch);
        ch.close();
        throw busy;
      }
      // An existing file may have been deleted by its creator as it unlocked: then we hold a lock
      // on
      // a file no one else can see. Its identity before opening must still be the path's.
      if (!created && !Objects.equals(keyBefore, fileKey(file))) {
        ch.close();
        return null;
      }
      byte[] holder =
          ("pid="
                  + ProcessHandle.current().pid()
                  + " host="
                  + host()
                  + " command="
                  + command
                  + " started="
                  + Instant.now()
                  + "\n")
              .getBytes(StandardCharsets.UTF_8);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(holder), 0);
      ch.force(false);
      return new RunLock(file, ch, l, created);
    } catch (IOException e) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw cannotLock(runDir, e);
    }
  }

  /** The lock, or null when another process holds it (another thread of this JVM counts too). */
  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /** The lock is another process's (as opposed to failing to lock at all). */
  private static final class Held extends UsageException {
    Held(String message) {
      super(message);
    }
  }

  private static UsageException inUse(Path runDir, FileChannel ch) {
    String holder;
    try {
      ByteBuffer b = ByteBuffer.allocate(512);
      ch.read(b, 0);
      holder = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      holder = "";
    }
    return new Held(
        runDir
            + " is in use by another auxloss process ("
            + (holder.isEmpty() ? "holder unknown" : holder)
            + ", see "
            + runDir.resolve(FILE)
            + "); wait for it to finish or choose another directory");
  }

  private static UsageException cannotLock(Path runDir, IOException e) {
    String reason =
        e instanceof java.nio.file.FileSystemException f && f.getReason() != null
            ? f.getReason()
            : e instanceof java.nio.file.AccessDeniedException
                ? "permission denied"
                : String.valueOf(e.getMessage());
    return new UsageException(
        "cannot lock " + runDir + ": " + runDir.resolve(FILE) + ": " + reason);
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Releases the lock; deletes the file first if this process created it (so no one locks an
   * orphan).
   */
  @Override
  public synchronized void close() {
    if (closed) return; // a second delete could hit the next holder's file
    closed = true;
    try {
      if (created) Files.deleteIfExists(file);
    } catch (IOException e) {
      // the lock is still released below; a stale unlocked file is harmless
    } finally {
      try {
        lock.release();
        channel.close();
      } catch (IOException ignored) {
        // closing the channel releases the lock in any case
      }
    }
  }
}
