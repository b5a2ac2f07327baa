package dev.auxloss.tf.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's process handling, with shell commands as workers (no TF server is started). */
class LocalClusterLauncherTest {
  @TempDir Path dir;

  @Test
  void everyWorkerGetsItsTaskInTheEnvironmentAndInTheCommand() throws Exception {
    LocalClusterLauncher b =
        LocalClusterLauncher.builder()
            .workers(2)
            .basePort(4100)
            .logDir(dir)
            .clusterEnvironment(
                spec -> Map.of("CLUSTER_UNDER_TEST", spec.workers() + " task " + spec.task()))
            .command(List.of("sh", "-c", "echo \"$CLUSTER_UNDER_TEST\" {task}"));
    try (LocalCluster c = b.start()) {
      assertThat(c.await(Duration.ofSeconds(5))).isZero();
      assertThat(c.workers())
          .extracting(LocalCluster.Worker::address)
          .containsExactly("127.0.0.1:4100", "127.0.0.1:4101");
    }
    assertThat(Files.readString(dir.resolve("task-0.log")))
        .isEqualTo("[127.0.0.1:4100, 127.0.0.1:4101] task 0 0\n");
    assertThat(Files.readString(dir.resolve("task-1.log")))
        .isEqualTo("[127.0.0.1:4100, 127.0.0.1:4101] task 1 1\n");
  }

  @Test
  void aFailedWorkerGivesItsExitCodeAndTheOthersAreStoppedAfterTheGracePeriod() throws Exception {
    LocalClusterLauncher b =
        LocalClusterLauncher.builder()
            .workers(2)
            .logDir(dir)
            .clusterEnvironment(spec -> Map.of())
            .command(List.of("sh", "-c", "if [ {task} = 1 ]; then exit 7; fi; exec sleep 60"));
    long t0 = System.nanoTime();
    try (LocalCluster c = b.start()) {
      assertThat(c.await(Duration.ofMillis(300))).isEqualTo(7);
      assertThat(c.workers().get(0).process().isAlive()).isFalse();
    }
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
  }

  @Test
  void isolationWrapsTheCommandInAFreshNetworkNamespace() {
    assertThat(LocalClusterLauncher.isolated(List.of("java", "-cp", "x", "Main")))
        .containsExactly(
            "unshare",
            "-n",
            "sh",
            "-c",
            "ip link set lo up && exec \"$0\" \"$@\"",
            "java",
            "-cp",
            "x",
            "Main");
  }

  @Test
  void aLauncherThatCannotTellWorkersTheirTaskStartsNothing() {
    LocalClusterLauncher b =
        LocalClusterLauncher.builder().workers(1).logDir(dir).command(List.of("true"));
    assertThatThrownBy(b::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no cluster environment given");
  }
}
