package dev.auxloss.cli;

/** What the {@code auxloss} process exits with; scripts may rely on these. */
public final class ExitCodes {
  /** Done as asked. */
  public static final int OK = 0;

  /** A bug or an environment failure (disk full...): not the user's input. */
  public static final int INTERNAL = 1;

  /** Bad input: config, data or command-line arguments; the message says what to change. */
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
