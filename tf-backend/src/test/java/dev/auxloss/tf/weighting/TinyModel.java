package dev.auxloss.tf.weighting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * A 2-layer regression net (shared tanh layer, primary head in the model, auxiliary head
 * train-only) trained with plain SGD for a few dozen steps, one Session.run per step.
 */
final class TinyModel {
  static final int STEPS = 40;

  private TinyModel() {}

  /**
   * Trains with {@code strategy}: the primary loss must fall and every fetched value stay finite.
   */
  static void assertTrains(WeightingStrategy strategy, List<String> expectedTelemetry) {
    assertTrains(strategy, expectedTelemetry, 0.1f);
  }

  /** As above with a given SGD learning rate. */
  static void assertTrains(WeightingStrategy strategy, List<String> expectedTelemetry, float lr) {
    try (WeightingFixture f = new WeightingFixture()) {
      Random rnd = new Random(1);
      int n = 32;
      float[][] x = new float[n][4];
      float[][] y = new float[n][1];
      float[][] z = new float[n][1];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < 4; j++) x[i][j] = (float) rnd.nextGaussian();
        y[i][0] = (float) Math.tanh(x[i][0] - 0.5 * x[i][1]) + 0.3f * x[i][2];
        z[i][0] = (float) Math.tanh(x[i][0]) - 0.2f * x[i][3];
      }
      Operand<TFloat32> in = f.tf.constant(x);
      Layers model = new Layers(f.tf, f.store, "model", false, true, 3);
      Operand<TFloat32> h = model.dense("hidden", in, 8, Activation.TANH);
      Operand<TFloat32> out = model.dense("out", h, 1, Activation.NONE);
      Layers head = new Layers(f.tf, f.store, "heads/aux", true, true, 3);
      Operand<TFloat32> aux = head.dense("out", h, 1, Activation.NONE);
      f.compared.addAll(
          f.store.trainable().stream().filter(v -> v.name().startsWith("model/hidden")).toList());
      Operand<TFloat32> main = mse(f, out, y);
      f.term("main", Role.PRIMARY, main, 1f);
      f.term("aux", Role.AUXILIARY, mse(f, aux, z), 0.5f);
      WeightingResult r = f.combine(strategy);
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>();
      fetch.put("loss", main);
      r.telemetry().forEach((k, v) -> fetch.put("telemetry " + k, v));
      r.effectiveWeights().forEach((k, v) -> fetch.put("weight " + k, v));
      r.gradients().forEach((k, v) -> fetch.put("gradient " + k, v));
      List<Op> targets = new ArrayList<>(f.updates());
      targets.addAll(f.sgd(r, lr, new ArrayList<>(fetch.values())));
      for (String k : expectedTelemetry) assertThat(r.telemetry()).containsKey(k);
      assertThat(r.effectiveWeights()).containsOnlyKeys("main", "aux");
      float first = Float.NaN;
      float last = Float.NaN;
      for (int step = 0; step < STEPS; step++) {
        Map<String, float[]> got = f.run(fetch, targets);
        got.forEach(
            (k, v) -> {
              for (float e : v) assertThat(Float.isFinite(e)).as("%s is finite", k).isTrue();
            });
        last = got.get("loss")[0];
        if (step == 0) first = last;
      }
      assertThat(last)
          .as("primary loss after %d steps (from %s)", STEPS, first)
          .isLessThan(0.8f * first);
    }
  }

  private static Operand<TFloat32> mse(
      WeightingFixture f, Operand<TFloat32> pred, float[][] target) {
    Operand<TFloat32> d = f.tf.math.sub(pred, f.tf.constant(target));
    return f.tf.math.mean(f.tf.math.square(d), f.tf.constant(new int[] {0, 1}));
  }
}
