package dev.auxloss.it.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.auxloss.cli.AuxlossCli;
import dev.auxloss.tf.distributed.ClusterSpec;
import dev.auxloss.tf.distributed.LocalClusterLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TFJob's route: two unchanged {@code auxloss train} processes told their task only by {@code
 * TF_CONFIG} as the kubeflow training-operator writes it (a chief and a worker), in a private
 * network namespace. The chief writes the run; the worker trains the same steps as a worker.
 */
public class TfConfigIT {
  @Test
  void aChiefAndAWorkerFromTfConfigTrainTogether(@TempDir Path dir) throws Exception {
    assumeTrue(ClusterRuns.canIsolate(), "unshare -n is not allowed here");
    Path out = dir.resolve("run");
    Path logs = dir.resolve("logs");
    Path config = Path.of("..", "examples", "default.pbtxt").toAbsolutePath().normalize();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> inNamespace =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            TfConfigIT.class.getName(),
            logs.toString(),
            config.toString(),
            out.toString());
    ProcessBuilder pb =
        new ProcessBuilder(LocalClusterLauncher.isolated(inNamespace))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("launch.out").toFile());
    pb.environment().remove("AUXLOSS_CLUSTER"); // it would win over TF_CONFIG
    Process p = pb.start();
    boolean ended = p.waitFor(240, TimeUnit.SECONDS);
    if (!ended) ClusterRuns.kill(p);
    String chief = read(logs.resolve("task-0.log"));
    String worker = read(logs.resolve("task-1.log"));
    assertThat(ended).as("ended; its output:%n%s", read(dir.resolve("launch.out"))).isTrue();
    assertThat(p.exitValue()).as("exit code; chief:%n%s%nworker:%n%s", chief, worker).isZero();
    assertThat(chief).contains("done: 20 steps").doesNotContain("as a worker");
    assertThat(worker).contains("done: 20 steps").contains("as a worker");
    assertThat(out.resolve("run.json")).isRegularFile();
  }

  /**
   * In the namespace: {@code logs config out}; two {@code auxloss train} processes, TF_CONFIG each.
   */
  public static void main(String[] args) throws Exception {
    List<String> train =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AuxlossCli.class.getName(),
                "train",
                "--config",
                args[1],
                "--steps",
                "20",
                "--out",
                args[2]));
    System.exit(
        LocalClusterLauncher.builder()
            .workers(2)
            .basePort(2222)
            .logDir(Path.of(args[0]))
            .clusterEnvironment(TfConfigIT::tfConfig)
            .command(train)
            .run());
  }

  /** What the training-operator sets for a TFJob of one Chief and the rest Workers. */
  static Map<String, String> tfConfig(ClusterSpec s) {
    List<String> workers =
        s.workers().subList(1, s.size()).stream().map(w -> "\"" + w + "\"").toList();
    String task =
        s.isChief()
            ? "{\"type\": \"chief\", \"index\": 0}"
            : "{\"type\": \"worker\", \"index\": " + (s.task() - 1) + "}";
    return Map.of(
        "TF_CONFIG",
        "{\"cluster\": {\"chief\": [\""
            + s.workers().get(0)
            + "\"], \"worker\": ["
            + String.join(", ", workers)
            + "]}, \"task\": "
            + task
            + ", \"environment\": \"cloud\"}");
  }

  private static String read(Path p) throws Exception {
    return Files.exists(p) ? Files.readString(p) : "(no " + p.getFileName() + ")";
  }
}
