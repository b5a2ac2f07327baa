package dev.auxloss.nlp.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.params.Params;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import org.junit.jupiter.api.Test;

/** nlp.switch_load_balance, nlp.router_z_loss, nlp.softmax_z_loss. */
class MoeLossesTest {
  static final int B = 2;
  static final int T = 3;
  static final int E = 4;
  static final float[] MASK = {1, 1, 0, 1, 1, 1};
  private static final AuxLoss SWITCH = SwitchLoadBalanceLoss.FACTORY.create(Params.empty());
  private static final AuxLoss ROUTER_Z = RouterZLoss.FACTORY.create(Params.empty());

  /** Router logits with clear margins, so finite differences never flip an argmax. */
  static float[] router(long seed) {
    float[] r = Ref.random(seed, B * T * E, 0.3);
    for (int tok = 0; tok < B * T; tok++) r[tok * E + (int) (tok * 7 % E)] += 2f;
    return r;
  }

  private static LossHarness twoLayers(LossHarness h, float[] r0, float[] r1) {
    return h.input("token_mask", MASK, B, T)
        .input("r0", r0, B, T, E)
        .input("r1", r1, B, T, E)
        .input("d0", new float[B * T * E], B, T, E)
        .model(
            LossHarness.publish(
                "moe/0/router_logits",
                "r0",
                "moe/0/dispatch",
                "d0",
                "moe/1/router_logits",
                "r1",
                "lm/other",
                "d0"));
  }

  static double switchJava(float[] r) {
    double[] f = new double[E];
    double[] p = new double[E];
    int n = 0;
    for (int tok = 0; tok < B * T; tok++) {
      if (MASK[tok] == 0) continue;
      n++;
      double lse = Ref.logSumExp(r, tok * E, E);
      int arg = 0;
      for (int e = 0; e < E; e++) {
        p[e] += Math.exp(r[tok * E + e] - lse);
        if (r[tok * E + e] > r[tok * E + arg]) arg = e;
      }
      f[arg]++;
    }
    double s = 0;
    for (int e = 0; e < E; e++) s += (f[e] / n) * (p[e] / n);
    return E * s;
  }

  static double routerZJava(float[] r) {
    double s = 0;
    int n = 0;
    for (int tok = 0; tok < B * T; tok++) {
      if (MASK[tok] == 0) continue;
      double z = Ref.logSumExp(r, tok * E, E);
      s += z * z;
      n++;
    }
    return s / n;
  }

  @Test
  void switchDocExample() {
    try (LossHarness h = new LossHarness()) {
      h.input("r", new float[] {2, 0, 2, 0}, 1, 2, 2)
          .input("token_mask", new float[] {1, 1}, 1, 2)
          .model(LossHarness.publish("moe/0/router_logits", "r"));
      assertThat(h.value(SWITCH)).isCloseTo(1.7616f, within(1e-4f));
    }
  }

  @Test
  void switchSumsEveryLayerOverRealTokensAndMeanAverages() {
    float[] r0 = router(1);
    float[] r1 = router(2);
    double expected = switchJava(r0) + switchJava(r1);
    try (LossHarness h = twoLayers(new LossHarness(), r0, r1)) {
      assertThat(h.value(SWITCH)).isCloseTo((float) expected, within(1e-5f));
      assertThat(h.value(SwitchLoadBalanceLoss.FACTORY.create(Params.of("reduce", "mean"))))
          .isCloseTo((float) expected / 2, within(1e-5f));
      h.assertGradientMatches(SWITCH, "r0", 1e-2);
      h.assertGradientMatches(SWITCH, "r1", 1e-2);
    }
  }

  @Test
  void uniformRoutingIsOneAndCollapseIsN() {
    float[] uniform = new float[B * T * E];
    for (int tok = 0; tok < B * T; tok++)
      uniform[tok * E + tok % E] = 1e-3f; // argmax spread evenly
    try (LossHarness h = new LossHarness()) {
      h.input("r", uniform, 1, B * T, E)
          .input("token_mask", new float[B * T], 1, B * T)
          .model(LossHarness.publish("moe/x/router_logits", "r"));
      AuxLoss unmasked = SwitchLoadBalanceLoss.FACTORY.create(Params.of("mask", ""));
      // 6 tokens over 4 experts: f = (2,2,1,1)/6, P ≈ 1/4 → N·Σ f·P ≈ 1
      assertThat(h.value(unmasked)).isCloseTo(1f, within(1e-3f));
    }
    float[] collapsed = new float[B * T * E];
    for (int tok = 0; tok < B * T; tok++) collapsed[tok * E] = 30f;
    try (LossHarness h = new LossHarness()) {
      h.input("r", collapsed, B, T, E)
          .input("token_mask", MASK, B, T)
          .model(LossHarness.publish("moe/0/router_logits", "r"));
      assertThat(h.value(SWITCH)).isCloseTo((float) E, within(1e-3f));
    }
  }

  @Test
  void routerZMatchesJavaAndFiniteDifferences() {
    float[] r0 = router(3);
    float[] r1 = router(4);
    try (LossHarness h = twoLayers(new LossHarness(), r0, r1)) {
      assertThat(h.value(ROUTER_Z))
          .isCloseTo((float) (routerZJava(r0) + routerZJava(r1)), within(1e-4f));
      h.assertGradientMatches(ROUTER_Z, "r0", 1e-2);
    }
    try (LossHarness h = new LossHarness()) {
      h.input("r", new float[] {0, 0, (float) Math.log(3), 0}, 1, 2, 2)
          .input("token_mask", new float[] {1, 1}, 1, 2)
          .model(LossHarness.publish("moe/0/router_logits", "r"));
      assertThat(h.value(ROUTER_Z)).isCloseTo(1.2011f, within(1e-4f));
    }
  }

  @Test
  void routerLossesWithoutMoeLayersListTheEndpoints() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[4], 2, 2).input("token_mask", new float[4], 2, 2);
      assertThatThrownBy(() -> h.value(SWITCH))
          .hasMessage(
              "nlp.switch_load_balance needs router logits published as "
                  + "moe/<layer>/router_logits by a MoE model; endpoints: [logits]");
    }
  }

  @Test
  void softmaxZIsLogZSquaredOverRealTokens() {
    int v = 5;
    float[] logits = Ref.random(5, B * T * v, 2);
    double s = 0;
    int n = 0;
    for (int tok = 0; tok < B * T; tok++) {
      if (MASK[tok] == 0) continue;
      double z = Ref.logSumExp(logits, tok * v, v);
      s += z * z;
      n++;
    }
    AuxLoss loss = SoftmaxZLoss.FACTORY.create(Params.of("logits", "logits"));
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", logits, B, T, v).input("token_mask", MASK, B, T);
      assertThat(h.value(loss)).isCloseTo((float) (s / n), within(1e-4f));
      h.assertGradientMatches(loss, "logits", 1e-2);
    }
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", new float[] {0, 0, 0, 0}, 1, 4);
      assertThat(h.value(loss)).isCloseTo(1.9218f, within(1e-4f));
    }
  }
}
