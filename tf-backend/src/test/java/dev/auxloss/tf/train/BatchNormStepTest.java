package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Batch norm's moving statistics move inside the fused training step, as Keras' recursion says
 * ({@code moving ← m·moving + (1 − m)·batch}, the unbiased batch variance; Keras' m = 0.99 or the
 * kit's own), and a step skipped for a NaN leaves them exactly as they were. The layer normalises
 * the raw features, so each step's batch statistics are known here without the model's weights.
 */
class BatchNormStepTest {
  private static final int BATCH = 16;
  private static final int F = TinyTask.FEATURES;

  @TempDir Path dir;

  /** Batch norm on the features with Keras' momentum (0.99), or the kit set to {@code momentum}. */
  private static ModelFn model(double momentum) {
    return ctx -> {
      Layers l = ctx.layers();
      if (momentum != Layers.BATCH_NORM_MOMENTUM) l = l.withBatchNormMomentum(momentum);
      Operand<TFloat32> h = l.batchNorm("bn", ctx.input("x", TFloat32.class));
      ctx.output("logits", l.dense("out", h, TinyTask.CLASSES, Activation.NONE));
    };
  }

  @ParameterizedTest(name = "momentum {0}")
  @ValueSource(doubles = {0.99, 0.9})
  void movingStatisticsFollowTheRecursionAndASkippedStepLeavesThemAlone(double momentum) {
    var plan =
        TinyTask.plan(
                List.of(TinyTask.term("primary", Role.PRIMARY, 1, TinyTask.crossEntropy("logits"))),
                10)
            .toBuilder()
            .model("bn", model(momentum))
            .batchSize(BATCH)
            .build();
    double[] mean = new double[F];
    double[] var = new double[F];
    java.util.Arrays.fill(var, 1);
    Random r = new Random(5);
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      for (int k = 0; k < 3; k++) {
        Batch b = TinyTask.Data.batch(r, BATCH);
        assertThat(step(run, b).scalars().get("nonfinite/skipped")).isZero();
        recurse(((HostTensor.Floats) b.get("x")).values(), momentum, mean, var);
      }
      assertClose(read(run, "moving_mean"), mean);
      assertClose(read(run, "moving_variance"), var);

      float[] meanBefore = read(run, "moving_mean");
      float[] varBefore = read(run, "moving_variance");
      StepMetrics bad = step(run, withNaN(TinyTask.Data.batch(r, BATCH)));
      assertThat(bad.scalars().get("nonfinite/skipped")).isEqualTo(1.0);
      assertThat(read(run, "moving_mean")).containsExactly(meanBefore);
      assertThat(read(run, "moving_variance")).containsExactly(varBefore);

      Batch b = TinyTask.Data.batch(r, BATCH);
      step(run, b);
      recurse(((HostTensor.Floats) b.get("x")).values(), momentum, mean, var);
      assertClose(read(run, "moving_mean"), mean);
      assertClose(read(run, "moving_variance"), var);
    }
  }

  /**
   * A frozen batch-norm layer (fine-tuning a pretrained trunk) runs as at inference: its moving
   * statistics stay as they were while the rest of the network trains, as with Keras' {@code
   * trainable = False}.
   */
  @Test
  void aFrozenLayerKeepsItsMovingStatistics() {
    var plan =
        TinyTask.plan(
                List.of(TinyTask.term("primary", Role.PRIMARY, 1, TinyTask.crossEntropy("logits"))),
                10)
            .toBuilder()
            .model("bn", model(Layers.BATCH_NORM_MOMENTUM))
            .batchSize(BATCH)
            .fineTune(
                new dev.auxloss.config.FineTunePlan(
                    null, List.of(java.util.regex.Pattern.compile("model/bn/.*"))))
            .build();
    Random r = new Random(5);
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      for (int k = 0; k < 3; k++) step(run, TinyTask.Data.batch(r, BATCH));
      assertThat(read(run, "moving_mean")).containsOnly(0f);
      assertThat(read(run, "moving_variance")).containsOnly(1f);
    }
  }

  /** One step of the moving averages on a [BATCH, F] batch, by hand in double precision. */
  private static void recurse(float[] x, double momentum, double[] mean, double[] var) {
    for (int f = 0; f < F; f++) {
      double m = 0;
      for (int i = 0; i < BATCH; i++) m += x[i * F + f];
      m /= BATCH;
      double ss = 0;
      for (int i = 0; i < BATCH; i++) ss += (x[i * F + f] - m) * (x[i * F + f] - m);
      mean[f] = momentum * mean[f] + (1 - momentum) * m;
      var[f] = momentum * var[f] + (1 - momentum) * ss / (BATCH - 1);
    }
  }

  private static StepMetrics step(TfTrainingSession run, Batch b) {
    Map<String, Tensor> t = BatchFeeder.toTensors(b);
    try {
      return run.step(t);
    } finally {
      t.values().forEach(Tensor::close);
    }
  }

  private static Batch withNaN(Batch b) {
    float[] x = ((HostTensor.Floats) b.get("x")).values().clone();
    x[3] = Float.NaN;
    Map<String, HostTensor> fields = new LinkedHashMap<>(b.fields());
    fields.put("x", new HostTensor.Floats(b.get("x").shape(), x));
    return new Batch(fields);
  }

  /** The variable {@code model/bn/<stat>} as the graph holds it now. */
  private static float[] read(TfTrainingSession run, String stat) {
    var op = run.trainingGraph().graph().operation("vars/model.bn." + stat + "_read");
    try (Result res = run.session().runner().fetch(op.output(0)).run()) {
      TFloat32 t = (TFloat32) res.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  private static void assertClose(float[] actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++)
      assertThat((double) actual[i]).as("[%d]", i).isCloseTo(expected[i], within(1e-5));
  }
}
