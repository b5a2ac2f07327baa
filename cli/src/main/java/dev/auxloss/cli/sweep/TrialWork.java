package dev.auxloss.cli.sweep;

import dev.auxloss.cli.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a trial runs, through the same commands a user would: {@code train --config trial.pbtxt
 * --out run --skip-test} ({@code --resume} when a killed sweep left the run started), then {@code
 * evaluate --run run --split validation} at its final checkpoint. A trial whose {@code
 * validation.txt} exists is finished and never runs again.
 */
public final class TrialWork {
  private final CommandRunner runner;

  public TrialWork(CommandRunner runner) {
    this.runner = runner;
  }

  /** Runs what {@code t} still lacks; true when it now has its validation metrics. */
  public boolean run(Trial t) throws IOException, InterruptedException {
    if (Files.isRegularFile(t.validation())) return true;
    if (!trained(t.run())) {
      List<String> train =
          new ArrayList<>(
              List.of(
                  "train",
                  "--config",
                  t.config().toString(),
                  "--out",
                  t.run().toString(),
                  "--skip-test"));
      if (Files.isRegularFile(t.run().resolve("config.pbtxt"))) train.add("--resume");
      if (runner.run(train, t.log(), t.log()) != 0) return false;
    }
    return evaluate(t, "validation", t.validation());
  }

  /**
   * Evaluates {@code t}'s final checkpoint on {@code split} into {@code into}, unless done before.
   */
  public boolean evaluate(Trial t, String split, Path into)
      throws IOException, InterruptedException {
    if (Files.isRegularFile(into)) return true;
    Path partial = into.resolveSibling(into.getFileName() + ".partial");
    Files.deleteIfExists(partial); // ours: left by a killed evaluate
    int code =
        runner.run(
            List.of("evaluate", "--run", t.run().toString(), "--split", split), partial, t.log());
    if (code != 0) {
      Files.deleteIfExists(partial);
      return false;
    }
    Files.move(partial, into, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /**
   * The {@code metric value} lines evaluate printed into {@code file}, or empty when there is none.
   */
  public static Optional<Map<String, Double>> metrics(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return Optional.empty();
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] kv = line.strip().split(" ");
      if (line.startsWith("#") || kv.length != 2) continue;
      try {
        out.put(kv[0], Double.parseDouble(kv[1]));
      } catch (NumberFormatException e) {
        // not a metric line
      }
    }
    return Optional.of(out);
  }

  /**
   * True when the run's report says it finished (a killed sweep may have lost only the evaluation).
   */
  private static boolean trained(Path run) throws IOException {
    Path report = run.resolve("run.json");
    if (!Files.isRegularFile(report)) return false;
    try {
      return Json.parse(Files.readString(report)) instanceof Map<?, ?> m
          && Boolean.TRUE.equals(m.get("finished"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
