package dev.auxloss.tf.weighting;

import static dev.auxloss.tf.weighting.PcGradWeightingTest.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.api.schedule.WeightSchedule;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.tf.graph.TfWeightingContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The default strategy: L = Σᵢ wᵢ(step)·Lᵢ with the scheduled weights, one backward pass, no
 * per-term telemetry. Three terms on a shared variable x and an auxiliary-only head:
 *
 * <ul>
 *   <li>main = ½‖x − A‖², weight 1 (constant schedule);
 *   <li>aux = ½‖x − B‖² + ½‖head − C‖², weight 0.3 × linear(1 → 0, steps 0..1000);
 *   <li>reg = ½‖x‖² + ½‖head‖², weight 0.02 × a run-time override fed on every run.
 * </ul>
 *
 * The global step is fed, so one graph is evaluated at several steps. Expected gradients are Σ
 * wᵢ·∇Lᵢ with ∇ of ½‖v − a‖² = v − a and the weights computed here by hand.
 */
class StaticWeightingTest {
  static final float[] X0 = {0.5f, -1, 2};
  static final float[] HEAD0 = {1, -2};
  static final float[] A = {1, 2, 0};
  static final float[] B = {-2, 0.5f, 1};
  static final float[] C = {3, -1};

  /** The graph: terms with scheduled weights on a fed step, combined by {@link StaticWeighting}. */
  private static final class Setup {
    final WeightingFixture f = new WeightingFixture();
    final Var x = f.variable("x", true, X0);
    final Var head = f.variable("head", false, HEAD0);
    final Var unused = f.variable("unused", false, 4, 5);
    final Operand<TInt64> step = f.tf.dtypes.cast(f.feed("step", 0), TInt64.class);
    final Operand<TFloat32> override = f.feed("reg_override", 1);
    final Operand<TFloat32> main = f.quadratic(x, A);
    final Operand<TFloat32> aux = f.tf.math.add(f.quadratic(x, B), f.quadratic(head, C));
    final Operand<TFloat32> reg = f.tf.math.add(f.quadratic(x, 0, 0, 0), f.quadratic(head, 0, 0));
    final int opsBefore;
    final WeightingResult r;

    Setup() {
      add("main", Role.PRIMARY, main, 1, Schedules.constant(1));
      add("aux", Role.AUXILIARY, aux, 0.3, Schedules.linear(1, 0, 0, 1000));
      Term t = add("reg", Role.REGULARIZER, reg, 0.02, Schedules.constant(1));
      f.terms.set(
          2, new Term(t.name(), t.role(), t.value(), f.tf.math.mul(t.scheduledWeight(), override)));
      opsBefore = gradientScopes(f).size();
      TfWeightingContext ctx =
          f.track(
              new TfWeightingContext(
                  f.tf.withSubScope("weighting"), f.terms, f.store, f.compared, f.gradients, step));
      r = new StaticWeighting().combine(ctx);
    }

    /** weight × schedule(step), as the graph builder makes a term's scheduled weight. */
    private Term add(
        String name, Role role, Operand<TFloat32> value, double weight, WeightSchedule s) {
      Term t =
          new Term(
              name, role, value, f.tf.math.mul(f.tf.constant((float) weight), s.build(f.tf, step)));
      f.terms.add(t);
      return t;
    }

    Map<String, float[]> evaluate(long atStep, float regOverride) {
      f.set("step", atStep);
      f.set("reg_override", regOverride);
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>();
      fetch.put("gx", r.gradients().get("x"));
      fetch.put("ghead", r.gradients().get("head"));
      fetch.put("gunused", r.gradients().get("unused"));
      r.effectiveWeights().forEach((k, v) -> fetch.put("w_" + k, v));
      fetch.put("total", f.graph.operation("weighting/total").output(0));
      fetch.put("main", main);
      fetch.put("aux", aux);
      fetch.put("reg", reg);
      return f.run(fetch, f.updates());
    }
  }

  /** Hand-computed weights: {main, aux, reg} at {@code step} with the override. */
  private static double[] weights(long step, double regOverride) {
    double t = Math.min(1, Math.max(0, step / 1000.0));
    return new double[] {1, 0.3 * (1 - t), 0.02 * regOverride};
  }

  private static double half(double[] v, float[] a) {
    double s = 0;
    for (int i = 0; i < v.length; i++) s += (v[i] - a[i]) * (v[i] - a[i]);
    return 0.5 * s;
  }

  @Test
  void gradientIsTheScheduledWeightedSumOfTermGradients() {
    Setup s = new Setup();
    try (WeightingFixture f = s.f) {
      double[] x = Vec.of(X0);
      double[] head = Vec.of(HEAD0);
      double[] gMain = Vec.axpy(x, -1, Vec.of(A));
      double[] gAuxX = Vec.axpy(x, -1, Vec.of(B));
      double[] gAuxHead = Vec.axpy(head, -1, Vec.of(C));
      double lMain = half(x, A);
      double lAux = half(x, B) + half(head, C);
      double lReg = half(x, new float[3]) + half(head, new float[2]);
      long[] steps = {0, 250, 600, 1000, 5000};
      float[] overrides = {1, 1, 0.5f, 3, 1};
      for (int k = 0; k < steps.length; k++) {
        double[] w = weights(steps[k], overrides[k]);
        Map<String, float[]> out = s.evaluate(steps[k], overrides[k]);
        String at = "step " + steps[k];
        // the raw terms are what the hand formulas say (guards the fixture itself)
        assertThat((double) out.get("main")[0]).as(at).isCloseTo(lMain, within(1e-5));
        assertThat((double) out.get("aux")[0]).as(at).isCloseTo(lAux, within(1e-5));
        assertThat((double) out.get("reg")[0]).as(at).isCloseTo(lReg, within(1e-5));

        double[] gx = Vec.axpy(Vec.axpy(Vec.scale(w[0], gMain), w[1], gAuxX), w[2], x);
        double[] ghead = Vec.axpy(Vec.scale(w[1], gAuxHead), w[2], head);
        assertClose(out.get("gx"), gx);
        assertClose(out.get("ghead"), ghead);
        assertClose(out.get("gunused"), new double[] {0, 0});
        assertThat((double) out.get("w_main")[0]).as(at).isCloseTo(w[0], within(1e-6));
        assertThat((double) out.get("w_aux")[0]).as(at).isCloseTo(w[1], within(1e-6));
        assertThat((double) out.get("w_reg")[0]).as(at).isCloseTo(w[2], within(1e-6));
        assertThat((double) out.get("total")[0])
            .as(at)
            .isCloseTo(w[0] * lMain + w[1] * lAux + w[2] * lReg, within(1e-5));
      }
      // the schedule really moves the weight: 0.3 at step 0, 0.15 at step 500
      assertThat(s.evaluate(500, 1).get("w_aux")[0]).isCloseTo(0.15f, within(1e-6f));
    }
  }

  @Test
  void aTermScheduledToWeightZeroContributesNothing() {
    Setup s = new Setup();
    try (WeightingFixture f = s.f) {
      // from step 1000 on the auxiliary weight is 0: the head gets only the regularizer's pull,
      // and x only the primary's and the regularizer's
      for (long step : new long[] {1000, 2500}) {
        Map<String, float[]> out = s.evaluate(step, 1);
        assertThat(out.get("w_aux")[0]).isEqualTo(0f);
        double[] x = Vec.of(X0);
        assertClose(out.get("gx"), Vec.axpy(Vec.axpy(x, -1, Vec.of(A)), 0.02, x));
        assertClose(out.get("ghead"), Vec.scale(0.02, Vec.of(HEAD0)));
      }
      // and a zero override switches the regularizer off: the head's gradient is exactly zero
      Map<String, float[]> out = s.evaluate(1000, 0);
      for (float g : out.get("ghead")) assertThat(Math.abs(g)).isEqualTo(0f); // ±0 both fine
      assertClose(out.get("gx"), Vec.axpy(Vec.of(X0), -1, Vec.of(A)));
    }
  }

  @Test
  void oneBackwardPassAndNoPerTermTelemetry() {
    Setup s = new Setup();
    try (WeightingFixture f = s.f) {
      assertThat(s.opsBefore).isZero();
      // GradientBuilder names each backward pass gradients_<n>: exactly one was added
      assertThat(gradientScopes(f)).containsExactly("gradients_0");
      assertThat(s.r.telemetry()).isEmpty();
      assertThat(s.f.updates()).isEmpty();
      assertThat(s.r.effectiveWeights()).containsOnlyKeys("main", "aux", "reg");
      // a gradient for every trainable variable, by name
      assertThat(s.r.gradients()).containsOnlyKeys("x", "head", "unused");
      // the effective weight is the term's scheduled weight itself, not a copy that could drift
      for (Term t : f.terms)
        assertThat(s.r.effectiveWeights().get(t.name())).isSameAs(t.scheduledWeight());
    }
  }

  @Test
  void theFactoryBuildsItWithoutParameters() {
    assertThat(StaticWeightingFactory.factory().create(Params.empty()))
        .isInstanceOf(StaticWeighting.class);
    assertThat(StaticWeightingFactory.factory().descriptor().params()).isEmpty();
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(new StaticWeighting(), List.of());
  }

  /** The distinct {@code gradients_<n>} name scopes in the graph: one per backward pass. */
  private static TreeSet<String> gradientScopes(WeightingFixture f) {
    TreeSet<String> scopes = new TreeSet<>();
    for (Iterator<GraphOperation> it = f.graph.operations(); it.hasNext(); ) {
      String name = it.next().name();
      if (name.startsWith("gradients_")) scopes.add(name.substring(0, name.indexOf('/')));
    }
    return scopes;
  }
}
