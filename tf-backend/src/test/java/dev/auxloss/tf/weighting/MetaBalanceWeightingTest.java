package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

class MetaBalanceWeightingTest {
  static final double[] S = {1, 3, 0.2, 2, 0.5}; // the auxiliary's scale, fed per step
  static final double R = 0.7;
  static final double BETA = 0.9;

  /**
   * At x = y = 0: main = ½‖x−(1,0)‖² + ½‖y−(0,1)‖², weight 1; aux = s·(½‖x−(0,2)‖² + ½‖y−(3,0)‖²),
   * weight 0.5. So g_x = (−1, 0), g_y = (0, −1); the weighted aux gradients are s·(0, −1) on x and
   * s·(−1.5, 0) on y: magnitudes 1 and 1 against |s| and 1.5|s|.
   */
  private static Map<String, float[]>[] run(MetaBalanceWeighting.Options options) {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      Var y = f.variable("y", true, 0, 0);
      Operand<TFloat32> s = f.feed("s", 1f);
      f.term("main", Role.PRIMARY, f.tf.math.add(f.quadratic(x, 1, 0), f.quadratic(y, 0, 1)), 1f);
      f.term(
          "aux",
          Role.AUXILIARY,
          f.tf.math.mul(s, f.tf.math.add(f.quadratic(x, 0, 2), f.quadratic(y, 3, 0))),
          0.5f);
      WeightingResult r = new MetaBalanceWeighting(options).combine(f.ctx());
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
      fetch.put("gx", r.gradients().get("x"));
      fetch.put("gy", r.gradients().get("y"));
      fetch.put("w_aux", r.effectiveWeights().get("aux"));
      @SuppressWarnings("unchecked")
      Map<String, float[]>[] out = new Map[S.length];
      for (int t = 0; t < S.length; t++) {
        f.set("s", (float) S[t]);
        out[t] = f.run(fetch, f.updates());
      }
      return out;
    }
  }

  @Test
  void eachVariableScalesTheAuxiliaryTowardThePrimaryMagnitude() {
    Map<String, float[]>[] out = run(MetaBalanceWeighting.Options.DEFAULTS);
    double tx = 0, ty = 0, ax = 0, ay = 0; // moving averages, from 0
    for (int t = 0; t < S.length; t++) {
      tx = BETA * tx + (1 - BETA) * 1;
      ty = BETA * ty + (1 - BETA) * 1;
      ax = BETA * ax + (1 - BETA) * S[t];
      ay = BETA * ay + (1 - BETA) * 1.5 * S[t];
      double sx = R * tx / ax + 1 - R;
      double sy = R * ty / ay + 1 - R;
      assertClose(out[t].get("gx"), new double[] {-1, -sx * S[t]});
      assertClose(out[t].get("gy"), new double[] {-sy * 1.5 * S[t], -1});
      assertThat((double) out[t].get("term/aux/scale")[0])
          .as("step %d", t)
          .isCloseTo((sx + sy) / 2, within(1e-4));
      assertThat((double) out[t].get("w_aux")[0]).isCloseTo(0.5 * (sx + sy) / 2, within(1e-4));
    }
  }

  @Test
  void oneGroupForTheWholeModel() {
    Map<String, float[]>[] out = run(new MetaBalanceWeighting.Options(R, BETA, "both", "model"));
    double target = 0, aux = 0;
    for (int t = 0; t < S.length; t++) {
      target = BETA * target + (1 - BETA) * Math.sqrt(2);
      aux = BETA * aux + (1 - BETA) * S[t] * Math.sqrt(1 + 2.25);
      double s = R * target / aux + 1 - R;
      assertClose(out[t].get("gx"), new double[] {-1, -s * S[t]});
      assertClose(out[t].get("gy"), new double[] {-s * 1.5 * S[t], -1});
    }
  }

  @Test
  void reduceOnlyShrinksAndEnlargeOnlyGrows() {
    Map<String, float[]>[] reduce =
        run(new MetaBalanceWeighting.Options(R, BETA, "reduce", "model"));
    Map<String, float[]>[] enlarge =
        run(new MetaBalanceWeighting.Options(R, BETA, "enlarge", "model"));
    double target = 0, aux = 0;
    for (int t = 0; t < S.length; t++) {
      target = BETA * target + (1 - BETA) * Math.sqrt(2);
      aux = BETA * aux + (1 - BETA) * S[t] * Math.sqrt(1 + 2.25);
      double s = R * target / aux + 1 - R;
      double r = aux > target ? s : 1;
      double e = aux < target ? s : 1;
      assertThat((double) reduce[t].get("term/aux/scale")[0])
          .as("reduce, step %d", t)
          .isCloseTo(r, within(1e-4));
      assertThat((double) enlarge[t].get("term/aux/scale")[0])
          .as("enlarge, step %d", t)
          .isCloseTo(e, within(1e-4));
    }
  }

  @Test
  void theDocumentedExample() {
    double target = (1 - BETA) * 1;
    double aux = (1 - BETA) * 4;
    assertThat(R * target / aux + 1 - R).isCloseTo(0.475, within(1e-12));
  }

  @Test
  void needsAPrimaryTerm() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      f.term("a", Role.AUXILIARY, f.quadratic(x, 1, 0), 1f);
      f.term("b", Role.AUXILIARY, f.quadratic(x, 0, 1), 1f);
      assertThatThrownBy(
              () ->
                  new MetaBalanceWeighting(MetaBalanceWeighting.Options.DEFAULTS).combine(f.ctx()))
          .hasMessageContaining("'metabalance' needs a PRIMARY term");
    }
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new MetaBalanceWeighting(MetaBalanceWeighting.Options.DEFAULTS), List.of("term/aux/scale"));
  }
}
