package dev.auxloss.cli.sweep;

import java.nio.file.Path;

/**
 * One run of the grid: a setting with one seed, in {@code <sweep>/<setting>-seed<s>/}: {@code
 * trial.pbtxt} (the config train reads), {@code run/} (train's run directory), {@code trial.log}
 * (what train and evaluate printed), {@code validation.txt} and, for the best setting only, {@code
 * test.txt} (evaluate's output at the final checkpoint, written when it succeeded).
 */
public record Trial(Setting setting, long seed, Path dir) {
  public String id() {
    return setting.trial(seed);
  }

  public Path config() {
    return dir.resolve("trial.pbtxt");
  }

  public Path run() {
    return dir.resolve("run");
  }

  public Path log() {
    return dir.resolve("trial.log");
  }

  public Path validation() {
    return dir.resolve("validation.txt");
  }

  public Path test() {
    return dir.resolve("test.txt");
  }
}
