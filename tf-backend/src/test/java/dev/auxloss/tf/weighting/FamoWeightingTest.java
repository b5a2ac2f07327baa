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

class FamoWeightingTest {
  // L_main = s₁·0.5 and L_aux = s₂·2 at x = 0, the scales fed per step
  static final double[][] SCALES = {
    {1, 1}, {0.8, 0.9}, {0.6, 0.85}, {0.5, 0.8}, {0.45, 0.78}, {0.44, 0.5}
  };
  static final double[] BASE = {0.5, 2};

  /** The authors' algorithm in plain Java, "after" = the next step's losses: logits, Adam state. */
  static final class Reference {
    final double lr;
    final double gamma;
    double[] xi = {0, 0};
    double[] m = {0, 0};
    double[] v = {0, 0};
    double[] lastLogD;
    int t;

    Reference(double lr, double gamma) {
      this.lr = lr;
      this.gamma = gamma;
    }

    static double[] softmax(double[] x) {
      double a = Math.exp(x[0]);
      double b = Math.exp(x[1]);
      return new double[] {a / (a + b), b / (a + b)};
    }

    /** λ for these losses, then the logits' update. */
    double[] step(double[] loss) {
      double[] z = softmax(xi);
      double[] d = {loss[0] + 1e-8, loss[1] + 1e-8};
      double c = z[0] / d[0] + z[1] / d[1];
      double[] lambda = {z[0] / d[0] / c, z[1] / d[1] / c};
      double[] logD = {Math.log(d[0]), Math.log(d[1])};
      if (lastLogD != null) {
        double[] delta = {lastLogD[0] - logD[0], lastLogD[1] - logD[1]};
        double zd = z[0] * delta[0] + z[1] * delta[1];
        t++;
        double[] next = new double[2];
        for (int i = 0; i < 2; i++) {
          double g = z[i] * (delta[i] - zd) + gamma * xi[i]; // softmax's Jᵀδ, plus Adam's L2 decay
          m[i] = 0.9 * m[i] + 0.1 * g;
          v[i] = 0.999 * v[i] + 0.001 * g * g;
          double mHat = m[i] / (1 - Math.pow(0.9, t));
          double vHat = v[i] / (1 - Math.pow(0.999, t));
          next[i] = xi[i] - lr * mHat / (Math.sqrt(vHat) + 1e-8);
        }
        xi = next;
      }
      lastLogD = logD;
      return lambda;
    }
  }

  @Test
  void weightsAndLogitsFollowTheAuthorsAlgorithm() {
    check(FamoWeighting.Options.DEFAULTS);
    check(new FamoWeighting.Options(0.3, 0)); // a large step: the logits move visibly
  }

  private void check(FamoWeighting.Options options) {
    try (WeightingFixture f = new WeightingFixture()) {
      Var x = f.variable("x", true, 0, 0);
      Operand<TFloat32> s1 = f.feed("s1", 1f);
      Operand<TFloat32> s2 = f.feed("s2", 1f);
      f.term("main", Role.PRIMARY, f.tf.math.mul(s1, f.quadratic(x, 1, 0)), 1f);
      f.term("aux", Role.AUXILIARY, f.tf.math.mul(s2, f.quadratic(x, 0, 2)), 0.5f);
      WeightingResult r = new FamoWeighting(options).combine(f.ctx());
      Map<String, Operand<TFloat32>> fetch = new LinkedHashMap<>(r.telemetry());
      fetch.put("gx", r.gradients().get("x"));
      fetch.put("w_aux", r.effectiveWeights().get("aux"));
      Reference ref = new Reference(options.learningRate(), options.weightDecay());
      for (int t = 0; t < SCALES.length; t++) {
        f.set("s1", (float) SCALES[t][0]);
        f.set("s2", (float) SCALES[t][1]);
        double[] xi = ref.xi.clone();
        double[] lambda = ref.step(new double[] {BASE[0] * SCALES[t][0], BASE[1] * SCALES[t][1]});
        Map<String, float[]> out = f.run(fetch, f.updates());
        assertThat((double) out.get("term/main/logit")[0])
            .as("step %d", t)
            .isCloseTo(xi[0], within(1e-5));
        assertThat((double) out.get("term/aux/logit")[0])
            .as("step %d", t)
            .isCloseTo(xi[1], within(1e-5));
        assertThat((double) out.get("term/main/adaptive_weight")[0])
            .as("step %d", t)
            .isCloseTo(lambda[0], within(1e-5));
        assertThat((double) out.get("term/aux/adaptive_weight")[0])
            .as("step %d", t)
            .isCloseTo(lambda[1], within(1e-5));
        assertThat((double) out.get("w_aux")[0]).isCloseTo(0.5 * lambda[1], within(1e-5));
        // ∂/∂x of λ₁·s₁·½‖x−(1,0)‖² + 0.5·λ₂·s₂·½‖x−(0,2)‖² at x = 0
        assertClose(
            out.get("gx"),
            new double[] {-lambda[0] * SCALES[t][0], -0.5 * lambda[1] * 2 * SCALES[t][1]});
      }
      assertThat(ref.xi[0]).as("the logits moved").isNotCloseTo(0, within(1e-4));
    }
  }

  @Test
  void theDocumentedExample() {
    double[] lambda = new Reference(0.025, 0.01).step(new double[] {0.5, 2});
    assertThat(lambda[0]).isCloseTo(0.8, within(1e-7));
    assertThat(lambda[1]).isCloseTo(0.2, within(1e-7));
  }

  @Test
  void trainsTheTinyModel() {
    TinyModel.assertTrains(
        new FamoWeighting(FamoWeighting.Options.DEFAULTS),
        List.of("term/aux/adaptive_weight", "term/aux/logit"));
  }
}
