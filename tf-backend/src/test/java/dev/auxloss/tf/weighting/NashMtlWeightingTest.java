package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NashMtlWeightingTest {
  @Test
  void solvesTheBargainingConditionOnTheNormalisedGram() {
    double[][] v = {{1, 0.5, 0}, {-0.5, 2, 0.3}, {0.2, -0.4, 1.5}};
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0, 0);
      String[] names = {"t0", "t1", "t2"};
      for (int i = 0; i < 3; i++) {
        float[] a = new float[3];
        for (int j = 0; j < 3; j++) a[j] = (float) -v[i][j];
        f.term(names[i], i == 0 ? Role.PRIMARY : Role.AUXILIARY, f.quadratic(x, a), 1f);
      }
      WeightingResult r = new NashMtlWeighting(NashMtlWeighting.Options.DEFAULTS).combine(f.ctx());
      Map<String, float[]> out = MgdaWeightingTest.run(f, r);
      double[][] k = new double[3][3];
      double frob = 0;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          k[i][j] = Vec.dot(v[i], v[j]);
          frob += k[i][j] * k[i][j];
        }
      }
      double[] alpha = new double[3];
      for (int i = 0; i < 3; i++) alpha[i] = out.get("term/" + names[i] + "/solver_weight")[0];
      double[] d = new double[3];
      for (int i = 0; i < 3; i++) {
        double kAlpha = 0;
        for (int j = 0; j < 3; j++) kAlpha += k[i][j] / Math.sqrt(frob) * alpha[j];
        assertThat(alpha[i] * kAlpha).as("α_%d·(Kα)_%d", i, i).isCloseTo(1.0, within(1e-3));
        d = Vec.axpy(d, alpha[i], v[i]);
      }
      assertClose(out.get("gx"), d);
    }
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new NashMtlWeighting(NashMtlWeighting.Options.DEFAULTS), List.of("term/aux/solver_weight"));
  }
}
