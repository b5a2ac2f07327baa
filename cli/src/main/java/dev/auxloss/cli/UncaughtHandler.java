package dev.auxloss.cli;

/**
 * What a thread of ours (or of a library) fails with when nobody catches it: one {@code auxloss:
 * error:} line instead of the JVM's stack trace (the trace only with {@code --debug}); an {@code
 * Error} such as running out of memory ends the process with exit 1, as the JVM is then in no state
 * to go on. Failures of the command itself never get here: {@link AuxlossCli#failure} handles them.
 */
final class UncaughtHandler implements Thread.UncaughtExceptionHandler {
  private final boolean debug;

  UncaughtHandler(boolean debug) {
    this.debug = debug;
  }

  @Override
  public void uncaughtException(Thread t, Throwable e) {
    String line =
        Exhausted.line(e)
            .orElse(
                "internal error in thread '"
                    + t.getName()
                    + "': "
                    + (e.getMessage() == null ? "(no message)" : e.getMessage()));
    System.err.println(AuxlossCli.PREFIX + line);
    if (debug) e.printStackTrace();
    System.err.flush();
    if (e instanceof Error) System.exit(ExitCodes.INTERNAL);
  }
}
