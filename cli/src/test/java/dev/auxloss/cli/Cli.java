package dev.auxloss.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process and keeps what it printed. */
record Cli(int code, String out, String err) {
  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AuxlossCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Cli(code, out.toString(), err.toString());
  }

  /** {@code train --config config --out run --resume --steps steps}. */
  static Cli resume(java.nio.file.Path config, java.nio.file.Path run, long steps) {
    return run(
        "train",
        "--config",
        config.toString(),
        "--out",
        run.toString(),
        "--resume",
        "--steps",
        String.valueOf(steps));
  }

  /** The stderr lines. */
  java.util.List<String> errLines() {
    return err.lines().toList();
  }

  /**
   * True when stderr holds a Java stack trace, prefixed or not (what the contract forbids without
   * --debug).
   */
  boolean stackTrace() {
    return err.lines()
        .anyMatch(
            l -> l.matches("^(auxloss:)?\\s+at [a-z].*") || l.contains("Exception in thread"));
  }
}
