package dev.auxloss.tf.gradients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.math.Cumprod;
import org.tensorflow.op.nn.NthElement;
import org.tensorflow.types.TFloat32;

/** Xlogy, Xdivy, Erfc, Round, Cumprod, NthElement. */
class MathGradientsTest {
  private static final float[] X6 = {0.5f, 1.5f, 2.0f, 0.7f, 3.0f, 1.2f};
  private static final float[] Y3 = {0.8f, 2.5f, 1.3f};

  @Test
  void xlogyWithBroadcasting() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", X6, 2, 3);
      Placeholder<TFloat32> y = c.input("y", Y3, 3);
      Operand<TFloat32> out = c.weightedSum(c.tf.math.xlogy(x, y));
      c.assertGradientMatches(out, x);
      c.assertGradientMatches(out, y);
    }
  }

  @Test
  void xlogyGradientIsZeroWhereXIsZero() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", new float[] {0f, 2f, 0f}, 3);
      Placeholder<TFloat32> y = c.input("y", new float[] {0.5f, 3f, 0f}, 3);
      Operand<TFloat32> out = c.tf.sum(c.tf.math.xlogy(x, y), c.tf.constant(0));
      assertThat(c.analytic(out, x)).containsExactly(0f, (float) Math.log(3), 0f);
      assertThat(c.analytic(out, y)).containsExactly(0f, 2f / 3f, 0f);
    }
  }

  @Test
  void xdivyWithBroadcasting() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", X6, 2, 3);
      Placeholder<TFloat32> y = c.input("y", Y3, 3);
      Operand<TFloat32> out = c.weightedSum(c.tf.math.xdivy(x, y));
      c.assertGradientMatches(out, x);
      c.assertGradientMatches(out, y);
    }
  }

  @Test
  void erfc() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", new float[] {-1.5f, -0.3f, 0f, 0.4f, 1.1f, 2f}, 6);
      c.assertGradientMatches(c.weightedSum(c.tf.math.erfc(x)), x);
    }
  }

  @Test
  void roundHasAZeroGradient() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", new float[] {-1.3f, 0.2f, 2.7f}, 3);
      Operand<TFloat32> y =
          c.tf.math.add(c.weightedSum(c.tf.math.round(x)), c.weightedSum(c.tf.math.square(x)));
      c.assertGradientMatches(y, x); // round contributes 0, square 2x
      assertThat(c.analytic(c.weightedSum(c.tf.math.round(x)), x)).containsOnly(0f);
    }
  }

  @ParameterizedTest(name = "exclusive={0} reverse={1}")
  @CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void cumprod(boolean exclusive, boolean reverse) {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x =
          c.input("x", new float[] {0.5f, 1.5f, -2f, 0.7f, 1.1f, 0.9f, -0.6f, 1.3f}, 2, 4);
      Operand<TFloat32> p =
          c.tf.math.cumprod(
              x, c.tf.constant(1), Cumprod.exclusive(exclusive), Cumprod.reverse(reverse));
      c.assertGradientMatches(c.weightedSum(p), x);
    }
  }

  @Test
  void cumprodAlongTheFirstAxis() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", X6, 3, 2);
      Operand<TFloat32> p = c.tf.math.cumprod(x, c.tf.constant(0));
      c.assertGradientMatches(c.weightedSum(p), x);
    }
  }

  @Test
  void nthElement() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x =
          c.input("x", new float[] {0.3f, -1.2f, 2.0f, 0.9f, -0.4f, 1.5f, 0.1f, -2.2f}, 2, 4);
      Operand<TFloat32> median = c.tf.nn.nthElement(x, c.tf.constant(2));
      Operand<TFloat32> second = c.tf.nn.nthElement(x, c.tf.constant(1), NthElement.reverse(true));
      Operand<TFloat32> y =
          c.tf.math.add(c.weightedSum(c.tf.math.square(median)), c.weightedSum(second));
      c.assertGradientMatches(y, x);
    }
  }

  @Test
  void nthElementSharesTheGradientAmongTies() {
    try (GradientChecker c = new GradientChecker()) {
      Placeholder<TFloat32> x = c.input("x", new float[] {1f, 3f, 3f, 0f}, 4);
      Operand<TFloat32> y = c.tf.nn.nthElement(x, c.tf.constant(3));
      assertThat(c.analytic(y, x)).containsExactly(0f, 0.5f, 0.5f, 0f);
    }
  }
}
