package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.cli.cluster.ClusterEnvironment;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --parallel 2}: each trial in its own JVM, two at a time, for a sweep that is itself a
 * separate JVM started as the chief of a two-worker AUXLOSS_CLUSTER whose other worker never comes.
 * The chief claims both trials; the trials must not inherit the variable (with it, each would wait
 * to join a collective with a peer that does not exist).
 */
class SweepChildProcessesTest {
  @TempDir Path tmp;

  @Test
  void trialsRunInChildJvmsThatDoNotSeeTheCluster() throws Exception {
    Path config = Files.writeString(tmp.resolve("tiny.pbtxt"), SweepEndToEndTest.CONFIG);
    Path out = tmp.resolve("sweep");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AuxlossCli.class.getName(),
                "sweep",
                "--config",
                config.toString(),
                "--vary",
                "loss[aux].weight=0,1.5",
                "--seeds",
                "1",
                "--parallel",
                "2",
                "--out",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(Redirect.to(tmp.resolve("sweep.log").toFile()));
    pb.environment().put(ClusterEnvironment.AUXLOSS_CLUSTER, "127.0.0.1:1,127.0.0.1:2;task=0");
    pb.environment().remove(ClusterEnvironment.TF_CONFIG);
    Process p = pb.start();
    boolean exited = p.waitFor(180, TimeUnit.SECONDS);
    if (!exited) p.destroyForcibly().waitFor();
    String log = Files.readString(tmp.resolve("sweep.log"));
    assertThat(exited).as(log).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log)
        .contains("trial s1-seed1 on worker 0: done", "trial s2-seed1 on worker 0: done");
    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertThat(csv).hasSize(3);
    assertThat(csv.subList(1, 3)).allMatch(l -> l.endsWith(",done"));
  }
}
