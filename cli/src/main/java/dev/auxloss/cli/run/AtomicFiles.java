package dev.auxloss.cli.run;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a run file whole: the text goes to a temporary sibling which is then renamed over the
 * file, so a process killed mid-write leaves the old file or the new one, never a torn one.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What goes into the file. */
  interface Content {
    void writeTo(Writer out) throws IOException;
  }

  public static void writeString(Path file, String text) throws IOException {
    write(file, out -> out.write(text));
  }

  static void write(Path file, Content content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        content.writeTo(out);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp); // only left when the write or the rename failed; it is ours
    }
  }
}
