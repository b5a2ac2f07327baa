package dev.auxloss.it.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chief of a two-worker cluster is killed with SIGKILL mid-run: the other worker must stop by
 * itself within seconds with an error naming the lost task (its collective op would otherwise wait
 * forever), and a restart of both resumes from the chief's newest checkpoint and finishes with
 * identical parameters on both workers.
 */
class WorkerLossIT {
  static final int STEPS = 80;

  /** Measured about 0.4–1.7 s here; generous for a loaded machine. */
  static final long STOP_WITHIN_MS = 10_000;

  @TempDir Path dir;
  private Process launcher;

  @AfterEach
  void cleanUp() {
    ClusterRuns.kill(launcher);
  }

  @Test
  void losingTheChiefStopsTheOtherWorkerAndARestartResumesFromTheChiefsCheckpoint()
      throws Exception {
    assumeTrue(
        ClusterRuns.canIsolate(),
        "needs 'unshare -n' (root or user namespaces) to keep TF's ports private");
    Path loss1 = dir.resolve("loss-1.txt");
    List<String> args =
        List.of(
            "run=" + dir.resolve("run"),
            "log=" + dir.resolve("loss-{task}.txt"),
            "params=" + dir.resolve("params-{task}.txt"),
            "steps=" + STEPS,
            "batch=16");
    Path logs = dir.resolve("first");
    launcher =
        ClusterRuns.launch(logs, 2, Stream.concat(args.stream(), Stream.of("sleepMs=50")).toList());
    Map<Integer, Long> pids = ClusterRuns.pids(logs, 2, 60_000);
    assertThat(pids).as(ClusterRuns.logs(logs)).containsKeys(0, 1);
    long deadline = System.currentTimeMillis() + 120_000;
    while (ClusterRuns.lines(loss1).size() < 25
        && System.currentTimeMillis() < deadline
        && launcher.isAlive()) Thread.sleep(20);
    assertThat(ClusterRuns.lines(loss1).size()).as(ClusterRuns.logs(logs)).isBetween(25, STEPS - 1);

    ProcessHandle chief = ProcessHandle.of(pids.get(0)).orElseThrow();
    ProcessHandle other = ProcessHandle.of(pids.get(1)).orElseThrow();
    chief.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the peer
    long t0 = System.currentTimeMillis();
    other.onExit().get(STOP_WITHIN_MS + 5_000, TimeUnit.MILLISECONDS);
    long stoppedAfter = System.currentTimeMillis() - t0;
    System.out.println(
        "WorkerLossIT: worker 1 stopped " + stoppedAfter + " ms after the chief was killed");
    assertThat(stoppedAfter)
        .as("worker 1 stopped after %d ms", stoppedAfter)
        .isLessThan(STOP_WITHIN_MS);
    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(launcher.exitValue()).isNotZero();
    assertThat(Files.readString(logs.resolve("task-1.log")))
        .contains(
            "worker stopped: worker task 0 (127.0.0.1:2222) was lost: it stopped accepting connections");
    int stoppedAt = ClusterRuns.lines(loss1).size();

    long checkpoint = newestCheckpoint();
    assertThat(checkpoint)
        .as("the chief checkpoints every 10 steps")
        .isPositive()
        .isLessThanOrEqualTo(stoppedAt);
    assertThat(checkpoint % 10).isZero();

    Path again = dir.resolve("resumed");
    launcher =
        ClusterRuns.launch(
            again, 2, Stream.concat(args.stream(), Stream.of("resume=true")).toList());
    assertThat(launcher.waitFor(150, TimeUnit.SECONDS)).isTrue();
    assertThat(launcher.exitValue()).as(ClusterRuns.logs(again)).isZero();
    for (int task = 0; task < 2; task++) {
      List<String> all = ClusterRuns.lines(dir.resolve("loss-" + task + ".txt"));
      int firstResumed = all.size() - (int) (STEPS - checkpoint);
      assertThat(all.get(firstResumed))
          .as("worker %d resumes after the chief's checkpoint", task)
          .startsWith((checkpoint + 1) + " ");
      assertThat(all.get(all.size() - 1)).startsWith(STEPS + " ");
    }
    String params0 = Files.readString(dir.resolve("params-0.txt"));
    assertThat(params0).contains("global_step " + STEPS);
    assertThat(Files.readString(dir.resolve("params-1.txt"))).isEqualTo(params0);
  }

  private long newestCheckpoint() throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("run/checkpoints"))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("step-\\d+"))
          .mapToLong(n -> Long.parseLong(n.substring(5)))
          .max()
          .orElse(-1);
    }
  }
}
