package dev.auxloss.tf.weighting;

import dev.auxloss.api.params.Param;
import dev.auxloss.api.weighting.WeightingContext;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The order in which term i visits the others (PCGrad, GradVac): the papers shuffle it every step.
 * Drawn statelessly from (seed, global step), so a run repeats exactly, a resumed run continues the
 * same sequence and data-parallel workers draw the same orders.
 */
final class VisitOrder {
  /**
   * The parameters of a strategy that visits terms in order, declared once for PCGrad and GradVac.
   */
  static final Param<String> ORDER =
      Param.choice(
          "order",
          "random",
          List.of("random", "cyclic"),
          "random (the paper's, per step) | cyclic");

  static final Param<Integer> SEED = Param.integer("seed", 0, "seed of the random orders");

  private final Ops tf;
  private final int p;
  private final Operand<TInt32> orders; // null: cyclic

  private VisitOrder(Ops tf, int p, Operand<TInt32> orders) {
    this.tf = tf;
    this.p = p;
    this.orders = orders;
  }

  /** {@code order} is "random" or "cyclic"; with two terms or fewer the order cannot matter. */
  static VisitOrder of(String order, long seed, WeightingContext ctx, Ops tf, int p) {
    return new VisitOrder(tf, p, order.equals("random") && p > 2 ? random(ctx, tf, p, seed) : null);
  }

  /** The s-th term (1 ≤ s &lt; p) that term i visits: (i + s) mod p when cyclic. */
  Operand<TInt32> visit(int i, int s) {
    if (orders == null) return tf.constant((i + s) % p);
    return tf.gather(
        tf.gather(orders, tf.constant(i), tf.constant(0)), tf.constant(s), tf.constant(0));
  }

  /**
   * [p, p] int32: row i is a random order of 0..p−1 with i moved to the front (the visits are
   * positions 1..p−1).
   */
  private static Operand<TInt32> random(WeightingContext ctx, Ops tf, int p, long seed) {
    Operand<TInt64> key = tf.stack(List.of(tf.constant(seed), ctx.globalStep()));
    Operand<TFloat32> u =
        tf.random.statelessRandomUniform(tf.constant(new int[] {p, p}), key, TFloat32.class);
    // Sorting keys: i's own key is pushed below every uniform draw, so it sorts first in row i.
    float[][] self = new float[p][p];
    for (int i = 0; i < p; i++) self[i][i] = 2f;
    Operand<TFloat32> keys = tf.math.sub(u, tf.constant(self));
    return tf.nn.topK(tf.math.neg(keys), tf.constant(p), TInt32.class).indices();
  }
}
