package dev.auxloss.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The reference math against values computed by hand, and each flat overload against its row form.
 */
class RefTest {
  private static final float[] LOGITS = {2, 1, 0, 0, 0, 0}; // [2, 3]

  @Test
  void crossEntropyByHandAndOnFlatRows() {
    double lse = Math.log(Math.exp(2) + Math.exp(1) + 1);
    assertThat(Ref.crossEntropy(Ref.row(LOGITS, 0, 3), 0, 0)).isCloseTo(lse - 2, within(1e-12));
    assertThat(Ref.crossEntropy(LOGITS, 1, 3, 2)).isCloseTo(Math.log(3), within(1e-12));
    assertThat(Ref.crossEntropy(LOGITS, 0, 3, 1))
        .isEqualTo(Ref.crossEntropy(Ref.row(LOGITS, 0, 3), 1, 0));
    // smoothing 0.2 over two classes: targets (0.9, 0.1)
    assertThat(Ref.crossEntropy(new double[] {1, 0}, 0, 0.2))
        .isCloseTo(Math.log(Math.E + 1) - 0.9, within(1e-12));
  }

  @Test
  void logSumExpIsStableAndSlicesFlatArrays() {
    assertThat(Ref.logSumExp(new double[] {1000, 1000}))
        .isCloseTo(1000 + Math.log(2), within(1e-9));
    assertThat(Ref.logSumExp(LOGITS, 3, 3)).isCloseTo(Math.log(3), within(1e-12));
  }

  @Test
  void denseByHandOnRowsAndFlatArrays() {
    float[] w = {1, 2, 3, 4}; // [in 2, out 2]
    float[] b = {0.5f, -1};
    assertThat(Ref.dense(new double[][] {{1, 2}}, w, b, 2)[0]).containsExactly(7.5, 9);
    assertThat(Ref.dense(new float[] {1, 2, 0, 1}, 2, 2, w, b, 2))
        .containsExactly(7.5f, 9f, 3.5f, 3f);
  }

  @Test
  void binaryCrossEntropyIsStable() {
    assertThat(Ref.bce(0, 1)).isCloseTo(Math.log(2), within(1e-12));
    assertThat(Ref.bce(100, 1)).isCloseTo(0, within(1e-12));
    assertThat(Ref.bce(-100, 1)).isCloseTo(100, within(1e-9));
  }

  @Test
  void layerNormAndGeluByHand() {
    float s = (float) Math.sqrt(1.5 / (1 + 1.5e-5)); // (x − 2)/√(2/3 + 1e-5) for x = 3
    assertThat(
            Ref.layerNorm(
                new float[] {1, 2, 3}, 1, 3, new float[] {1, 1, 1}, new float[] {0, 0, 0}))
        .containsExactly(new float[] {-s, 0, s}, within(1e-6f));
    assertThat(Ref.gelu(new float[] {0, 1}))
        .containsExactly(new float[] {0, 0.8413447f}, within(1e-6f));
  }
}
