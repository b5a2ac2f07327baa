package dev.auxloss.it.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.auxloss.cli.AuxlossCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's route to data parallelism: {@code auxloss launch --workers 2 -- train ... --out D} in
 * a private network namespace. Both workers train the same steps; only the chief writes the run
 * directory (config, checkpoints, report, export).
 */
class LaunchCliIT {
  @Test
  void twoWorkersTrainThroughTheCliAndOnlyTheChiefWrites(@TempDir Path dir) throws Exception {
    assumeTrue(ClusterRuns.canIsolate(), "unshare -n is not allowed here");
    Path out = dir.resolve("run");
    Path logs = dir.resolve("logs");
    Path config = Path.of("..", "examples", "default.pbtxt").toAbsolutePath().normalize();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    AuxlossCli.class.getName(),
                    "launch",
                    "--workers",
                    "2",
                    "--log-dir",
                    logs.toString(),
                    "--",
                    "train",
                    "--config",
                    config.toString(),
                    "--steps",
                    "20",
                    "--out",
                    out.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("launch.out").toFile())
            .start();
    boolean ended = p.waitFor(240, TimeUnit.SECONDS);
    if (!ended) p.destroyForcibly();
    String chief = read(logs.resolve("task-0.log"));
    String worker = read(logs.resolve("task-1.log"));
    assertThat(ended).as("launch ended; its output:%n%s", read(dir.resolve("launch.out"))).isTrue();
    assertThat(p.exitValue()).as("exit code; chief:%n%s%nworker:%n%s", chief, worker).isZero();
    assertThat(chief).contains("done: 20 steps");
    assertThat(worker).contains("done: 20 steps").contains("as a worker");
    assertThat(out.resolve("run.json")).isRegularFile();
    assertThat(out.resolve("config.pbtxt")).isRegularFile();
    assertThat(out.resolve("export").resolve("saved_model.pb")).isRegularFile();
  }

  private static String read(Path p) throws Exception {
    return Files.exists(p) ? Files.readString(p) : "(no " + p.getFileName() + ")";
  }
}
