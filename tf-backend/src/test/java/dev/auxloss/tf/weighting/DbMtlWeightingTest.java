package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

class DbMtlWeightingTest {
  static final double[][] OFFSETS = {{0, 0}, {1, 0.5}, {0.2, 3}, {2, 1}, {0.1, 0.1}};

  @Test
  void logLossGradientsAveragedAndScaledToTheLargest() {
    check(DbMtlWeighting.Options.DEFAULTS);
    check(new DbMtlWeighting.Options(0.5, 0.5)); // a rate decaying as 0.5/√t
  }

  /**
   * At x = 0, h = 0: main = ½‖x−(1,0)‖² + c₁ (weight 1), aux = ½‖x−(0,2)‖² + ½(h−1)² + c₂ (weight
   * 0.5; h is its own head), reg = ½‖x−(1,1)‖² (weight 0.1). The offsets c change the losses, not
   * their gradients: gₖ = wₖ∇Lₖ/Lₖ moves with them.
   */
  private void check(DbMtlWeighting.Options options) {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      Var h = f.variable("h", false, 0);
      Operand<TFloat32> c1 = f.feed("c1", 0f);
      Operand<TFloat32> c2 = f.feed("c2", 0f);
      f.term("main", Role.PRIMARY, f.tf.math.add(f.quadratic(x, 1, 0), c1), 1f);
      f.term(
          "aux",
          Role.AUXILIARY,
          f.tf.math.add(f.tf.math.add(f.quadratic(x, 0, 2), f.quadratic(h, 1)), c2),
          0.5f);
      f.term("reg", Role.REGULARIZER, f.quadratic(x, 1, 1), 0.1f);
      WeightingResult r = new DbMtlWeighting(options).combine(f.ctx());
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
      fetch.put("gx", r.gradients().get("x"));
      fetch.put("gh", r.gradients().get("h"));
      double[] avgMain = {0, 0};
      double[] avgAux = {0, 0};
      for (int t = 1; t <= OFFSETS.length; t++) {
        double[] c = OFFSETS[t - 1];
        f.set("c1", (float) c[0]);
        f.set("c2", (float) c[1]);
        Map<String, float[]> out = f.run(fetch, f.updates());
        double lMain = 0.5 + c[0];
        double lAux = 2 + 0.5 + c[1];
        double[] gMain = {-1 / lMain, 0};
        double[] gAux = {0, 0.5 * -2 / lAux};
        double rate = options.beta() / Math.pow(t, options.betaSigma());
        for (int d = 0; d < 2; d++) {
          avgMain[d] = gMain[d] + rate * (avgMain[d] - gMain[d]);
          avgAux[d] = gAux[d] + rate * (avgAux[d] - gAux[d]);
        }
        double nMain = Math.hypot(avgMain[0], avgMain[1]);
        double nAux = Math.hypot(avgAux[0], avgAux[1]);
        double aMain = Math.max(nMain, nAux) / (nMain + 1e-8);
        double aAux = Math.max(nMain, nAux) / (nAux + 1e-8);
        assertThat((double) out.get("term/main/alpha")[0])
            .as("step %d", t)
            .isCloseTo(aMain, within(1e-4));
        assertThat((double) out.get("term/aux/alpha")[0])
            .as("step %d", t)
            .isCloseTo(aAux, within(1e-4));
        assertClose(
            out.get("gx"),
            new double[] {
              aMain * avgMain[0] + aAux * avgAux[0] - 0.1,
              aMain * avgMain[1] + aAux * avgAux[1] - 0.1
            });
        assertClose(out.get("gh"), new double[] {0.5 * -1 / lAux}); // its head: w·∇log L
      }
    }
  }

  @Test
  void refusesARepresentationWhoseGradientsChangeWithEveryBatch() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var w = f.variable("w", true, RepresentationModeTest.W0);
      Operand<TFloat32> r = f.tf.math.mul(w.value(), f.tf.constant(RepresentationModeTest.X));
      f.term(
          "main",
          Role.PRIMARY,
          RepresentationModeTest.quadratic(f, r, RepresentationModeTest.A),
          1f);
      f.term(
          "aux",
          Role.AUXILIARY,
          RepresentationModeTest.quadratic(f, r, RepresentationModeTest.B),
          0.5f);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  new DbMtlWeighting(DbMtlWeighting.Options.DEFAULTS)
                      .combine(RepresentationModeTest.ctx(f, r, w)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("use compare_on: \"shared\"");
    }
  }

  @Test
  void theDocumentedExample() {
    double[] norms = {2, 0.5};
    assertThat(2 / (norms[0] + 1e-8)).isCloseTo(1, within(1e-7));
    assertThat(2 / (norms[1] + 1e-8)).isCloseTo(4, within(1e-7));
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new DbMtlWeighting(DbMtlWeighting.Options.DEFAULTS), List.of("term/aux/alpha"));
  }
}
