package dev.auxloss.cli.sweep;

import dev.auxloss.cli.AuxlossCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Each command in this JVM, one at a time ({@code --in-process}: tests and debugging). */
public final class InProcess implements CommandRunner {
  @Override
  public int run(List<String> args, Path stdout, Path stderr) throws IOException {
    try (PrintWriter out = writer(stdout);
        PrintWriter err = stderr.equals(stdout) ? null : writer(stderr)) {
      return AuxlossCli.run(args.toArray(String[]::new), out, err == null ? out : err);
    }
  }

  private static PrintWriter writer(Path file) throws IOException {
    return new PrintWriter(
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
        true);
  }
}
