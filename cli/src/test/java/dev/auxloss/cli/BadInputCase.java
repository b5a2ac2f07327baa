package dev.auxloss.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One row of the bad-input table: a command line (with {@code {dir}} standing for the test's temp
 * working directory), the inputs written there first, how many {@code auxloss: error:} lines the
 * run must print and the substrings those lines must hold (the field, the offending value and the
 * rule). A row with {@code knownBug} documents a bug of the main code; the suite reports it as
 * aborted.
 */
record BadInputCase(
    String name,
    List<String> args,
    Inputs inputs,
    int errorLines,
    List<String> expected,
    String knownBug) {
  static final String DIR = "{dir}";

  /** Where {@link #config} cases write their experiment. */
  static final String CONFIG = DIR + "/experiment.pbtxt";

  /** Writes a case's input files into the temp working directory. */
  @FunctionalInterface
  interface Inputs {
    Inputs NONE = dir -> {};

    void writeInto(Path dir) throws IOException;

    default Inputs and(Inputs more) {
      return dir -> {
        writeInto(dir);
        more.writeInto(dir);
      };
    }
  }

  /** {@code validate --config {dir}/experiment.pbtxt} on {@code config}; one error line. */
  static BadInputCase config(String name, String config, String... expected) {
    return new BadInputCase(
        name,
        List.of("validate", "--config", CONFIG),
        file("experiment.pbtxt", config),
        1,
        List.of(expected),
        null);
  }

  /**
   * {@code train --config {dir}/experiment.pbtxt --out {dir}/run --steps 1} on {@code config}; one
   * error line.
   */
  static BadInputCase train(String name, String config, String... expected) {
    return new BadInputCase(
        name,
        List.of("train", "--config", CONFIG, "--out", DIR + "/run", "--steps", "1"),
        file("experiment.pbtxt", config),
        1,
        List.of(expected),
        null);
  }

  /** Any command line; one error line. */
  static BadInputCase command(String name, List<String> args, Inputs inputs, String... expected) {
    return new BadInputCase(name, args, inputs, 1, List.of(expected), null);
  }

  /** A text file under the temp dir; {@code {dir}} in its text is replaced too. */
  static Inputs file(String relative, String text) {
    return dir -> {
      Path p = dir.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text.replace(DIR, dir.toString()));
    };
  }

  static Inputs bytes(String relative, byte[] content) {
    return dir -> {
      Path p = dir.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.write(p, content);
    };
  }

  static Inputs directory(String relative) {
    return dir -> Files.createDirectories(dir.resolve(relative));
  }

  BadInputCase withErrorLines(int n) {
    return new BadInputCase(name, args, inputs, n, expected, knownBug);
  }

  BadInputCase withInputs(Inputs more) {
    return new BadInputCase(name, args, inputs.and(more), errorLines, expected, knownBug);
  }

  /** Marks a row whose failure is a bug of the main code, described in {@code reason}. */
  BadInputCase knownBug(String reason) {
    return new BadInputCase(name, args, inputs, errorLines, expected, reason);
  }

  String[] argsIn(Path dir) {
    return args.stream().map(a -> a.replace(DIR, dir.toString())).toArray(String[]::new);
  }

  List<String> expectedIn(Path dir) {
    return expected.stream().map(e -> e.replace(DIR, dir.toString())).toList();
  }

  @Override
  public String toString() {
    return name;
  }
}
