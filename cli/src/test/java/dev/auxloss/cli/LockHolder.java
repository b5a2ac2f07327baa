package dev.auxloss.cli;

import dev.auxloss.cli.run.RunLock;
import java.nio.file.Path;

/**
 * A second process for {@link RunSafetyTest}: locks the run directory in {@code args[0]} as a real
 * command would, prints {@code locked <pid>} and holds the lock until its stdin closes.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (RunLock lock = RunLock.acquire(Path.of(args[0]), "train")) {
      System.out.println("locked " + ProcessHandle.current().pid());
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until the test closes our stdin
      }
    }
  }
}
