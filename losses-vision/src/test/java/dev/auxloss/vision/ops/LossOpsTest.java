package dev.auxloss.vision.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.testing.LossHarness;
import dev.auxloss.testing.Ref;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@link LossOps} against plain-Java values. It lives here, not in {@code api}, because running ops
 * needs the TensorFlow runtime that only {@code tf-backend} (a test dependency of this module)
 * brings.
 */
class LossOpsTest {
  private static final float[] LOGITS = {1, 2, 3, 0, 0, 0, -1, 0.5f, 2, 0.3f, -0.7f, 1.1f};
  private static final int[] LABELS = {2, 0, 1, 2};

  private static final AuxLoss MASKED_MEAN_OF_V =
      ctx -> LossOps.maskedMean(ctx.tf(), ctx.endpoint("v"), ctx.labelMask());

  @Test
  void maskedMeanAveragesTheSetEntriesOnly() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("v", new float[] {1, 2, 3, 4}, 4).mask(new float[] {1, 0, 1, 1});
      assertThat(h.value(MASKED_MEAN_OF_V)).isCloseTo((1 + 3 + 4) / 3f, within(1e-6f));
    }
  }

  @Test
  void maskedMeanOfAnEmptyMaskIsZeroNotNaN() {
    try (LossHarness h = new LossHarness()) {
      h.endpoint("v", new float[] {1, 2, 3, 4}, 4).mask(new float[4]);
      assertThat(h.value(MASKED_MEAN_OF_V)).isZero();
    }
  }

  @Test
  void maskedMeanOfSoftWeightsSummingBelowOneIsStillTheirWeightedMean() {
    // every axis is reduced; a max(Σw, 1) floor would give (0.2·2 + 0.3·4) / 1 = 1.6 instead of 3.2
    AuxLoss weighted =
        ctx -> LossOps.maskedMean(ctx.tf(), ctx.endpoint("v"), ctx.input("w", TFloat32.class));
    try (LossHarness h = new LossHarness()) {
      h.endpoint("v", new float[] {2, 9, 9, 4}, 2, 2)
          .input("w", new float[] {0.2f, 0, 0, 0.3f}, 2, 2);
      assertThat(h.value(weighted)).isCloseTo((0.2f * 2 + 0.3f * 4) / 0.5f, within(1e-5f));
    }
  }

  @Test
  void smoothedTargetsSpreadEpsilonOverAllKClassesTheTrueOneIncluded() {
    try (LossHarness h = new LossHarness()) {
      Ops tf = h.tf();
      float[] rows = h.fetch(LossOps.smoothedOneHot(tf, tf.constant(new int[] {2, 0}), 4, 0.2));
      // Szegedy et al. 2016: (1 − ε)·onehot + ε/K, K = 4 (not ε/(K−1) over the wrong classes only)
      assertThat(rows)
          .containsExactly(
              new float[] {0.05f, 0.05f, 0.85f, 0.05f, 0.85f, 0.05f, 0.05f, 0.05f}, within(1e-6f));
    }
  }

  @Test
  void crossEntropyMatchesJavaPerPositionForAnyRank() {
    double eps = 0.2;
    try (LossHarness h = new LossHarness()) {
      Ops tf = h.tf();
      // 2 sequences × 2 positions × 3 classes
      Operand<TFloat32> logits = tf.reshape(tf.constant(LOGITS), tf.constant(new int[] {2, 2, 3}));
      Operand<TInt32> labels = tf.reshape(tf.constant(LABELS), tf.constant(new int[] {2, 2}));
      Operand<TFloat32> ce =
          LossOps.crossEntropy(tf, tf.ensureShape(logits, Shape.of(2, 2, 3)), labels, eps);
      float[] got = h.fetch(ce);
      assertThat(got).hasSize(4);
      for (int i = 0; i < 4; i++) {
        assertThat(got[i])
            .isCloseTo(
                (float) Ref.crossEntropy(Ref.row(LOGITS, i, 3), LABELS[i], eps), within(1e-5f));
      }
    }
  }

  @Test
  void maskedSmoothedCrossEntropyGradientMatchesFiniteDifferences() {
    AuxLoss loss =
        ctx ->
            LossOps.maskedMean(
                ctx.tf(),
                LossOps.crossEntropy(
                    ctx.tf(), ctx.endpoint("logits"), ctx.label("label", TInt32.class), 0.1),
                ctx.labelMask());
    try (LossHarness h = new LossHarness()) {
      h.endpoint("logits", LOGITS, 4, 3).label("label", LABELS, 4).mask(new float[] {1, 0, 1, 1});
      h.assertGradientMatches(loss, "logits", 1e-2);
    }
  }

  @Test
  void smoothingOutsideZeroToOneIsRefused() {
    try (LossHarness h = new LossHarness()) {
      Ops tf = h.tf();
      assertThatThrownBy(() -> LossOps.smoothedOneHot(tf, tf.constant(new int[] {0}), 3, 1.5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("label smoothing must be in [0, 1], found 1.5");
    }
  }
}
