package dev.auxloss.cli.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one {@code auxloss} command line of a trial ({@code train}, {@code evaluate}), its stdout
 * appended to {@code stdout} and its stderr to {@code stderr} (which may be the same file); returns
 * the exit code. Child JVMs for real sweeps ({@code --parallel N}), this JVM for tests.
 */
@FunctionalInterface
public interface CommandRunner {
  int run(List<String> args, Path stdout, Path stderr) throws IOException, InterruptedException;
}
