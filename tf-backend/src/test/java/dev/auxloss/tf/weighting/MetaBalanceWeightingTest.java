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

  /**
   * {@code group: layer} with a layer of two variables (l1/x, l1/y) and one of one (l2/z), a third
   * term that is not shared and a regularizer: main = ½‖x−(1,0)‖² + ½‖y−(0,1)‖² + ½‖z−(2,0)‖², aux
   * (weight 0.5) = s·(½‖x−(0,2)‖² + ½‖y−(3,0)‖² + ½‖z−(0,1)‖²), reg (0.1) = ½‖z−(1,1)‖², never
   * scaled. Magnitudes on l1: √2 against s·√3.25; on l2: 2 against s/2.
   */
  @Test
  void eachLayerIsOneGroup() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("l1/x", true, 0, 0);
      Var y = f.variable("l1/y", true, 0, 0);
      Var z = f.variable("l2/z", true, 0, 0);
      Operand<TFloat32> s = f.feed("s", 1f);
      var tf = f.tf;
      f.term(
          "main",
          Role.PRIMARY,
          tf.math.add(
              tf.math.add(f.quadratic(x, 1, 0), f.quadratic(y, 0, 1)), f.quadratic(z, 2, 0)),
          1f);
      f.term(
          "aux",
          Role.AUXILIARY,
          tf.math.mul(
              s,
              tf.math.add(
                  tf.math.add(f.quadratic(x, 0, 2), f.quadratic(y, 3, 0)), f.quadratic(z, 0, 1))),
          0.5f);
      f.term("reg", Role.REGULARIZER, f.quadratic(z, 1, 1), 0.1f);
      WeightingResult r =
          new MetaBalanceWeighting(new MetaBalanceWeighting.Options(R, BETA, "both", "layer"))
              .combine(f.ctx());
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
      fetch.put("gx", r.gradients().get("l1/x"));
      fetch.put("gy", r.gradients().get("l1/y"));
      fetch.put("gz", r.gradients().get("l2/z"));
      double t1 = 0, t2 = 0, a1 = 0, a2 = 0;
      for (int t = 0; t < S.length; t++) {
        f.set("s", (float) S[t]);
        Map<String, float[]> out = f.run(fetch, f.updates());
        t1 = BETA * t1 + (1 - BETA) * Math.sqrt(2);
        t2 = BETA * t2 + (1 - BETA) * 2;
        a1 = BETA * a1 + (1 - BETA) * S[t] * Math.sqrt(3.25);
        a2 = BETA * a2 + (1 - BETA) * S[t] / 2;
        double s1 = R * t1 / a1 + 1 - R;
        double s2 = R * t2 / a2 + 1 - R;
        assertClose(out.get("gx"), new double[] {-1, -s1 * S[t]});
        assertClose(out.get("gy"), new double[] {-s1 * 1.5 * S[t], -1});
        assertClose(out.get("gz"), new double[] {-2 - 0.1, -s2 * S[t] / 2 - 0.1});
        assertThat((double) out.get("term/aux/scale")[0])
            .as("step %d", t)
            .isCloseTo((s1 + s2) / 2, within(1e-4));
      }
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
