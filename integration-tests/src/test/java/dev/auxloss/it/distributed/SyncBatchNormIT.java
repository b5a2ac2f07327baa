package dev.auxloss.it.distributed;

import static dev.auxloss.it.distributed.SyncBatchNormChild.C;
import static dev.auxloss.it.distributed.SyncBatchNormChild.PER_WORKER;
import static dev.auxloss.it.distributed.SyncBatchNormChild.WORKERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.auxloss.api.layers.Layers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync_batch_norm} on two worker processes (in a private network namespace), each holding
 * half of a global batch whose halves have very different statistics: every worker's normalised
 * output is the batch norm of the whole global batch, both compute the same global moving
 * statistics, and each worker's input gradient (through the all-reduce's gradient) is the gradient
 * of the global-batch loss Σ y·r, checked against central finite differences. Every reference is
 * computed here in double precision, independently of TensorFlow.
 */
class SyncBatchNormIT {
  private static final double EPS = Layers.BATCH_NORM_EPSILON;
  private static final double MOMENTUM = Layers.BATCH_NORM_MOMENTUM;
  private static final int N = WORKERS * PER_WORKER;

  @TempDir Path dir;
  private Process launcher;

  @AfterEach
  void cleanUp() {
    ClusterRuns.kill(launcher);
  }

  @Test
  void twoWorkersNormaliseWithTheGlobalBatchAndBackpropagateThroughTheAllReduce() throws Exception {
    assumeTrue(
        ClusterRuns.canIsolate(),
        "needs 'unshare -n' (root or user namespaces) to keep TF's ports private");
    Path logs = dir.resolve("logs");
    launcher =
        ClusterRuns.launch(
            logs,
            WORKERS,
            SyncBatchNormChild.class,
            List.of(dir.resolve("out-{task}.txt").toString()));
    assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).as("cluster finished").isTrue();
    assertThat(launcher.exitValue()).as(ClusterRuns.logs(logs)).isZero();

    double[] x = new double[N];
    for (int i = 0; i < N; i++) x[i] = SyncBatchNormChild.x(i);
    double[] y = normalise(x);
    double[][] moments = moments(x);
    double perChannel = N / C;
    Map<String, double[]> chief = read(dir.resolve("out-0.txt"));
    for (int w = 0; w < WORKERS; w++) {
      Map<String, double[]> got = read(dir.resolve("out-" + w + ".txt"));
      for (int i = 0; i < PER_WORKER; i++) {
        int g = w * PER_WORKER + i;
        assertThat(got.get("y")[i]).as("worker %d y[%d]", w, i).isCloseTo(y[g], within(1e-5));
        assertThat(got.get("dx")[i])
            .as("worker %d dL/dx[%d]", w, i)
            .isCloseTo(finiteDifference(x, g), within(1e-4));
      }
      for (int c = 0; c < C; c++) {
        double mean = (1 - MOMENTUM) * moments[0][c];
        double var = MOMENTUM + (1 - MOMENTUM) * moments[1][c] * perChannel / (perChannel - 1);
        assertThat(got.get("moving_mean")[c])
            .as("worker %d moving mean", w)
            .isCloseTo(mean, within(1e-5));
        assertThat(got.get("moving_variance")[c])
            .as("worker %d moving variance", w)
            .isCloseTo(var, within(1e-5));
      }
      assertThat(got.get("moving_mean"))
          .as("moving mean, worker %d vs chief", w)
          .containsExactly(chief.get("moving_mean"));
      assertThat(got.get("moving_variance"))
          .as("moving variance, worker %d vs chief", w)
          .containsExactly(chief.get("moving_variance"));
    }
  }

  /**
   * The whole trainer with {@code sync_batch_norm} (TinyTask's model with batch norm after h1, 10
   * static-weighting steps): both workers end with identical parameters, moving statistics
   * included. With per-worker statistics the moving statistics would differ (each averages its own
   * shard's batches).
   */
  @Test
  void trainingKeepsTheMovingStatisticsIdenticalOnBothWorkers() throws Exception {
    assumeTrue(
        ClusterRuns.canIsolate(),
        "needs 'unshare -n' (root or user namespaces) to keep TF's ports private");
    Path logs = dir.resolve("logs");
    launcher =
        ClusterRuns.launch(
            logs,
            WORKERS,
            List.of(
                "run=" + dir.resolve("run"),
                "log=" + dir.resolve("loss-{task}.txt"),
                "params=" + dir.resolve("params-{task}.txt"),
                "steps=10",
                "batch=16",
                "weighting=static+syncbn"));
    assertThat(launcher.waitFor(150, TimeUnit.SECONDS)).as("cluster finished").isTrue();
    assertThat(launcher.exitValue()).as(ClusterRuns.logs(logs)).isZero();
    String params0 = Files.readString(dir.resolve("params-0.txt"));
    assertThat(params0).contains("moving_mean", "moving_variance", "global_step 10");
    assertThat(Files.readString(dir.resolve("params-1.txt")))
        .as("parameters of worker 1 vs worker 0")
        .isEqualTo(params0);
  }

  /** Per channel (the last axis) the mean and biased variance of the global batch. */
  private static double[][] moments(double[] x) {
    double[] mean = new double[C];
    double[] var = new double[C];
    int n = x.length / C;
    for (int i = 0; i < x.length; i++) mean[i % C] += x[i] / n;
    for (int i = 0; i < x.length; i++)
      var[i % C] += (x[i] - mean[i % C]) * (x[i] - mean[i % C]) / n;
    return new double[][] {mean, var};
  }

  /** Batch norm of the whole global batch (gamma 1, beta 0: the initial values). */
  private static double[] normalise(double[] x) {
    double[][] m = moments(x);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) y[i] = (x[i] - m[0][i % C]) / Math.sqrt(m[1][i % C] + EPS);
    return y;
  }

  /** d/dx_g of the global-batch loss Σ y·r, by central differences in double precision. */
  private static double finiteDifference(double[] x, int g) {
    ToDoubleFunction<double[]> loss =
        v -> {
          double[] y = normalise(v);
          double s = 0;
          for (int i = 0; i < y.length; i++) s += y[i] * SyncBatchNormChild.r(i);
          return s;
        };
    double h = 1e-5;
    double[] plus = x.clone();
    double[] minus = x.clone();
    plus[g] += h;
    minus[g] -= h;
    return (loss.applyAsDouble(plus) - loss.applyAsDouble(minus)) / (2 * h);
  }

  private static Map<String, double[]> read(Path file) throws Exception {
    Map<String, double[]> out = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split(" ");
      double[] v = new double[f.length - 1];
      for (int i = 1; i < f.length; i++) v[i - 1] = Float.parseFloat(f[i]);
      out.put(f[0], v);
    }
    return out;
  }
}
