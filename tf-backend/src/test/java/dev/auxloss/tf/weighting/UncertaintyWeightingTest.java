package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

class UncertaintyWeightingTest {
  static final String S_MAIN = "weighting/uncertainty/main/log_variance";
  static final String S_AUX = "weighting/uncertainty/aux/log_variance";

  @Test
  void gradientsFollowTheLikelihoodForBothTaskTypes() {
    for (String type : List.of("classification", "regression")) {
      double h = type.equals("regression") ? 0.5 : 1;
      try (WeightingFixture f = new WeightingFixture()) {
        Var x = f.variable("x", true, 0, 0);
        f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f); // L = 0.5
        f.term("aux", Role.AUXILIARY, f.quadratic(x, 0, 2), 0.5f); // L = 2
        Params p = Params.of("task_type", type, "initial_log_variance", 0.5);
        WeightingResult r = UncertaintyWeighting.factory().create(p).combine(f.ctx());
        Map<String, float[]> out =
            f.run(
                Map.of(
                    "gx", r.gradients().get("x"),
                    "s_main", r.gradients().get(S_MAIN),
                    "s_aux", r.gradients().get(S_AUX),
                    "w_aux", r.effectiveWeights().get("aux")));
        double e = Math.exp(-0.5);
        assertClose(out.get("gx"), new double[] {-h * e, -0.5 * h * e * 2});
        assertThat((double) out.get("s_main")[0])
            .as(type)
            .isCloseTo(h * (1 - e * 0.5), within(1e-5));
        assertThat((double) out.get("s_aux")[0])
            .as(type)
            .isCloseTo(0.5 * h * (1 - e * 2), within(1e-5));
        assertThat((double) out.get("w_aux")[0]).isCloseTo(0.5 * h * e, within(1e-6));
      }
    }
  }

  /**
   * The returned gradients, for the log-variances and for the model's variables, are central finite
   * differences of the documented objective J = Σ_adapted w·(h·exp(−c)·L + h·c) + ½(s − c)² +
   * Σ_regularizers w·L, with c = clamp(s, −10, 10) and h = 1 (classification) or ½ (regression). J
   * is computed here from the term values the graph yields after assigning perturbed variable
   * values. One configuration puts s_main above the clamp, where only the pull-back penalty has a
   * gradient.
   */
  @Test
  void gradientsAreFiniteDifferencesOfTheObjective() {
    Object[][] cases = {
      {"classification", new double[] {0.4, -0.7}},
      {"regression", new double[] {10.8, -0.3}},
      {"classification", new double[] {-10.5, 1.3}},
    };
    for (Object[] c : cases) {
      String type = (String) c[0];
      double[] logVariances = (double[]) c[1];
      double h = type.equals("regression") ? 0.5 : 1;
      double[] w = {1, 0.5, 0.1}; // main, aux, reg
      try (WeightingFixture f = new WeightingFixture()) {
        Var x = f.variable("x", true, 0.5f, -1);
        Var head = f.variable("head", false, 1, 1);
        Operand<TFloat32> main = f.quadratic(x, 1, 0);
        Operand<TFloat32> aux = f.tf.math.add(f.quadratic(x, 0, 2), f.quadratic(head, 3, -1));
        Operand<TFloat32> reg = f.quadratic(x, 0, 0);
        f.term("main", Role.PRIMARY, main, (float) w[0]);
        f.term("aux", Role.AUXILIARY, aux, (float) w[1]);
        f.term("reg", Role.REGULARIZER, reg, (float) w[2]);
        Params p = Params.of("task_type", type);
        WeightingResult r = UncertaintyWeighting.factory().create(p).combine(f.ctx());
        assertThat(r.gradients()).doesNotContainKey("weighting/uncertainty/reg/log_variance");

        // θ = (x0, x1, head0, head1, s_main, s_aux), assigned from scalar feeds
        String[] names = {"x0", "x1", "h0", "h1", "s_main", "s_aux"};
        double[] theta = {0.5, -1, 1, 1, logVariances[0], logVariances[1]};
        List<Operand<TFloat32>> fed = new ArrayList<>();
        for (int i = 0; i < names.length; i++) fed.add(f.feed(names[i], (float) theta[i]));
        List<Op> assign =
            List.of(
                f.tf.assignVariableOp(x.handle(), f.tf.stack(fed.subList(0, 2))),
                f.tf.assignVariableOp(head.handle(), f.tf.stack(fed.subList(2, 4))),
                f.tf.assignVariableOp(variable(f, S_MAIN).handle(), fed.get(4)),
                f.tf.assignVariableOp(variable(f, S_AUX).handle(), fed.get(5)));
        Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>();
        fetch.put("gx", r.gradients().get("x"));
        fetch.put("ghead", r.gradients().get("head"));
        fetch.put("gs_main", r.gradients().get(S_MAIN));
        fetch.put("gs_aux", r.gradients().get(S_AUX));
        fetch.put("w_aux", r.effectiveWeights().get("aux"));
        fetch.put("w_reg", r.effectiveWeights().get("reg"));

        assignAll(f, names, theta, assign);
        Map<String, float[]> out = f.run(fetch);
        double[] analytic = {
          out.get("gx")[0],
          out.get("gx")[1],
          out.get("ghead")[0],
          out.get("ghead")[1],
          out.get("gs_main")[0],
          out.get("gs_aux")[0]
        };
        double eps = 1e-2;
        for (int k = 0; k < theta.length; k++) {
          double[] plus = theta.clone(), minus = theta.clone();
          plus[k] = (float) (theta[k] + eps);
          minus[k] = (float) (theta[k] - eps);
          double jPlus = objective(f, names, plus, assign, main, aux, reg, w, h);
          double jMinus = objective(f, names, minus, assign, main, aux, reg, w, h);
          double numeric = (jPlus - jMinus) / (plus[k] - minus[k]);
          assertThat(analytic[k])
              .as("%s %s: dJ/d%s", type, java.util.Arrays.toString(logVariances), names[k])
              .isCloseTo(numeric, within(2e-3 * (1 + Math.abs(numeric))));
        }
        // the s gradients are not trivially zero where the clamp is inactive
        assertThat(Math.abs(analytic[5])).isGreaterThan(1e-2);
        double cAux = Math.max(-10, Math.min(10, logVariances[1]));
        assertThat((double) out.get("w_aux")[0])
            .isCloseTo(w[1] * h * Math.exp(-cAux), within(1e-5 * (1 + w[1] * h * Math.exp(-cAux))));
        assertThat((double) out.get("w_reg")[0]).isCloseTo(w[2], within(1e-7));
      }
    }
  }

  private static Var variable(WeightingFixture f, String name) {
    return f.store.all().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
  }

  private static void assignAll(
      WeightingFixture f, String[] names, double[] theta, List<Op> assign) {
    for (int i = 0; i < names.length; i++) f.set(names[i], (float) theta[i]);
    f.run(Map.of(), assign);
  }

  /** J at θ: the term values from the graph, the log-variance part from the formula. */
  private static double objective(
      WeightingFixture f,
      String[] names,
      double[] theta,
      List<Op> assign,
      Operand<TFloat32> main,
      Operand<TFloat32> aux,
      Operand<TFloat32> reg,
      double[] w,
      double h) {
    assignAll(f, names, theta, assign);
    Map<String, float[]> l = f.run(Map.of("main", main, "aux", aux, "reg", reg));
    double j = w[2] * l.get("reg")[0];
    double[] values = {l.get("main")[0], l.get("aux")[0]};
    for (int i = 0; i < 2; i++) {
      double s = theta[4 + i];
      double c = Math.max(-10, Math.min(10, s));
      j += w[i] * (h * Math.exp(-c) * values[i] + h * c) + 0.5 * (s - c) * (s - c);
    }
    return j;
  }

  /** Kendall et al. weigh a regression task (½) beside a classification task (1) in one model. */
  @Test
  void regressionTermsMixBothFormsInOneModel() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f); // L = 0.5, classification
      f.term("aux", Role.AUXILIARY, f.quadratic(x, 0, 2), 0.5f); // L = 2, regression
      WeightingResult r =
          UncertaintyWeighting.factory()
              .create(Params.of("regression_terms", "aux", "initial_log_variance", 0.5))
              .combine(f.ctx());
      Map<String, float[]> out =
          f.run(
              Map.of(
                  "s_main",
                  r.gradients().get(S_MAIN),
                  "s_aux",
                  r.gradients().get(S_AUX),
                  "w_main",
                  r.effectiveWeights().get("main"),
                  "w_aux",
                  r.effectiveWeights().get("aux")));
      double e = Math.exp(-0.5);
      assertThat((double) out.get("w_main")[0]).isCloseTo(e, within(1e-6));
      assertThat((double) out.get("w_aux")[0]).isCloseTo(0.5 * 0.5 * e, within(1e-6));
      assertThat((double) out.get("s_main")[0]).isCloseTo(1 - e * 0.5, within(1e-5));
      assertThat((double) out.get("s_aux")[0]).isCloseTo(0.5 * 0.5 * (1 - e * 2), within(1e-5));
    }
  }

  @Test
  void regressionTermsMustNameWeightedTerms() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f);
      assertThatThrownBy(
              () ->
                  UncertaintyWeighting.factory()
                      .create(Params.of("regression_terms", "depth"))
                      .combine(f.ctx()))
          .isInstanceOf(dev.auxloss.api.params.ConfigException.class)
          .hasMessageContaining("weighting.param.regression_terms")
          .hasMessageContaining("depth")
          .hasMessageContaining("main");
    }
  }

  @Test
  void auxiliaryOnlyKeepsThePrimaryFixed() {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f);
      f.term("aux", Role.AUXILIARY, f.quadratic(x, 0, 2), 0.5f);
      WeightingResult r =
          UncertaintyWeighting.factory().create(Params.of("auxiliary_only", true)).combine(f.ctx());
      assertThat(r.gradients()).containsKey(S_AUX).doesNotContainKey(S_MAIN);
      assertThat(r.telemetry())
          .containsKey("term/aux/log_variance")
          .doesNotContainKey("term/main/log_variance");
      assertThat(f.scalar(r.effectiveWeights().get("main"))).isEqualTo(1f);
    }
  }

  @Test
  void weightsStayFiniteWhileALossDivergesOrVanishes() {
    for (double factor : new double[] {10, 0.1}) {
      try (WeightingFixture f = new WeightingFixture()) {
        Var x = f.variable("x", true, 0, 0);
        Operand<TFloat32> blowUp = f.feed("blow_up", 1f);
        f.term("main", Role.PRIMARY, f.quadratic(x, 1, 0), 1f);
        f.term("aux", Role.AUXILIARY, blowUp, 0.5f);
        // a vanishing loss pulls s down by lr·w per step: start near the floor to reach it
        Params p = Params.of("initial_log_variance", factor > 1 ? 0 : -9);
        WeightingResult r = UncertaintyWeighting.factory().create(p).combine(f.ctx());
        Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
        r.gradients().forEach((k, v) -> fetch.put("gradient " + k, v));
        r.effectiveWeights().forEach((k, v) -> fetch.put("weight " + k, v));
        List<Op> targets = new ArrayList<>(f.sgd(r, 0.1f, new ArrayList<>(fetch.values())));
        float s = 0;
        for (int step = 0; step <= 30; step++) {
          // up to 1e30, or from 1e-4 ≈ exp(−9) down to 1e-34
          f.set("blow_up", (float) Math.pow(factor, factor > 1 ? step : step + 4));
          Map<String, float[]> out = f.run(fetch, targets);
          int at = step;
          out.forEach(
              (k, v) -> assertThat(Float.isFinite(v[0])).as("%s at step %d", k, at).isTrue());
          s = out.get("term/aux/log_variance")[0];
          assertThat(s).isBetween(-10f, 10f);
        }
        assertThat(s).isEqualTo(factor > 1 ? 10f : -10f);
      }
    }
  }

  @Test
  void trainsTheTinyModel() {
    // weights exp(−s) → 1/L grow as the losses shrink, multiplying plain SGD's step: a smaller rate
    TinyModel.assertTrains(
        new UncertaintyWeighting(UncertaintyWeighting.Options.DEFAULTS),
        List.of("term/aux/log_variance", "term/main/adaptive_weight"),
        0.03f);
  }
}
