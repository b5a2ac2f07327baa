package dev.auxloss.it.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two worker processes (in a private network namespace) train the tiny task with PCGrad, a strategy
 * that combines per-term gradients, so it only works distributed if each term's gradient is
 * all-reduced before the projection. Both workers must end with bit-identical parameters (model,
 * heads and Adam slots), and their loss curve must match one process training on the same examples
 * with twice the batch: worker t takes batches t, t+2, ... of size B, which are exactly the halves
 * of the 2B batches, and every term is a batch mean.
 */
class ClusterTrainingIT {
  static final int STEPS = 40;
  static final int BATCH = 16;

  /** Summation order differs (mean of two half-batch means vs one mean): float rounding only. */
  static final double TOLERANCE = 1e-4;

  @TempDir Path dir;
  private Process launcher;

  @AfterEach
  void cleanUp() {
    ClusterRuns.kill(launcher);
  }

  /**
   * PCGrad on the shared weights, and at the representation h1 (there the Gram matrix of
   * per-example gradients is all-reduced instead of the gradients).
   */
  @ParameterizedTest
  @ValueSource(strings = {"pcgrad", "pcgrad@endpoint:h1"})
  void twoWorkersStayIdenticalAndMatchOneWorkerWithTwiceTheBatch(String weighting)
      throws Exception {
    assumeTrue(
        ClusterRuns.canIsolate(),
        "needs 'unshare -n' (root or user namespaces) to keep TF's ports private");
    Path logs = dir.resolve("logs");
    launcher =
        ClusterRuns.launch(
            logs,
            2,
            List.of(
                "run=" + dir.resolve("run"),
                "log=" + dir.resolve("loss-{task}.txt"),
                "params=" + dir.resolve("params-{task}.txt"),
                "steps=" + STEPS,
                "batch=" + BATCH,
                "weighting=" + weighting));
    assertThat(launcher.waitFor(150, TimeUnit.SECONDS)).as("cluster finished").isTrue();
    assertThat(launcher.exitValue()).as(ClusterRuns.logs(logs)).isZero();

    String params0 = Files.readString(dir.resolve("params-0.txt"));
    assertThat(params0).contains("global_step " + STEPS).contains("vars/");
    assertThat(Files.readString(dir.resolve("params-1.txt")))
        .as("parameters of worker 1 vs worker 0")
        .isEqualTo(params0);
    List<String> curve0 = Files.readAllLines(dir.resolve("loss-0.txt"));
    assertThat(curve0).hasSize(STEPS);
    assertThat(Files.readAllLines(dir.resolve("loss-1.txt")))
        .as("both report the all-reduced loss")
        .isEqualTo(curve0);
    assertThat(dir.resolve("run/checkpoints/step-" + STEPS))
        .as("the chief checkpoints")
        .isDirectory();

    List<double[]> reference = oneWorker(ClusterWorkerChild.plan(STEPS, 2 * BATCH, weighting));
    for (int i = 0; i < STEPS; i++) {
      String[] f = curve0.get(i).split(" ");
      assertThat(Long.parseLong(f[0])).isEqualTo(i + 1);
      assertThat(Double.parseDouble(f[1]))
          .as("primary loss at step " + (i + 1))
          .isCloseTo(reference.get(i)[0], within(TOLERANCE));
      assertThat(Double.parseDouble(f[2]))
          .as("total loss at step " + (i + 1))
          .isCloseTo(reference.get(i)[1], within(TOLERANCE));
    }
  }

  /**
   * Local combination: each worker projects its own per-term gradients, only the combined gradient
   * is all-reduced. Not equal to one process any more, but both workers still apply the same
   * update.
   */
  @Test
  void withLocalCombinationBothWorkersStayIdenticalAndLearn() throws Exception {
    assumeTrue(
        ClusterRuns.canIsolate(),
        "needs 'unshare -n' (root or user namespaces) to keep TF's ports private");
    Path logs = dir.resolve("logs");
    launcher =
        ClusterRuns.launch(
            logs,
            2,
            List.of(
                "run=" + dir.resolve("run"),
                "log=" + dir.resolve("loss-{task}.txt"),
                "params=" + dir.resolve("params-{task}.txt"),
                "steps=" + STEPS,
                "batch=" + BATCH,
                "weighting=pcgrad+local"));
    assertThat(launcher.waitFor(150, TimeUnit.SECONDS)).as("cluster finished").isTrue();
    assertThat(launcher.exitValue()).as(ClusterRuns.logs(logs)).isZero();
    // The strategy's own state (its conflict counters) is each worker's: compare the trained
    // variables.
    assertThat(trained(dir.resolve("params-1.txt")))
        .isEqualTo(trained(dir.resolve("params-0.txt")))
        .anyMatch(l -> l.startsWith("vars/model."));
    List<String> curve = Files.readAllLines(dir.resolve("loss-0.txt"));
    double first = Double.parseDouble(curve.get(0).split(" ")[1]);
    double last = Double.parseDouble(curve.get(STEPS - 1).split(" ")[1]);
    assertThat(last).as("primary loss %s -> %s", first, last).isLessThan(first * 0.8);
  }

  private static List<String> trained(Path params) throws Exception {
    return Files.readAllLines(params).stream()
        .filter(l -> !l.split(" ")[0].contains("weighting"))
        .toList();
  }

  /** Per step {primary, total} of one local process (this JVM has no AUXLOSS_CLUSTER). */
  private List<double[]> oneWorker(dev.auxloss.config.TrainingPlan plan) {
    List<double[]> out = new ArrayList<>();
    try (TfTrainingSession s = TfTrainingSession.open(plan, dir.resolve("reference"))) {
      assertThat(s.isChief()).isTrue();
      s.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              out.add(new double[] {m.get("term/primary/raw"), m.get("loss/total")});
            }
          });
      s.train(false);
    }
    return out;
  }
}
