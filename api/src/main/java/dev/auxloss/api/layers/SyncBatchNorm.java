package dev.auxloss.api.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Batch norm in training mode with the statistics of the GLOBAL batch of every data-parallel
 * worker, the approach of {@code torch.nn.SyncBatchNorm} and Keras' {@code SyncBatchNormalization}:
 * each worker computes per channel Σx, Σx² and its count, packed in one [2C+1] vector that ONE
 * all-reduce ({@link VariableStore#sumOverWorkers}) sums; then mean = Σx/N and var = Σx²/N − mean²
 * (biased, as the fused kernel normalises with). The gradient flows back through the all-reduce
 * (its gradient all-reduces the incoming gradient), so each worker's parameter gradient, averaged
 * over the workers, is the global-batch loss's.
 *
 * <p>One collective per layer and pass: a layer's statistics depend on the previous layer's
 * normalised output, and the step's packed gradient all-reduce needs the whole forward pass first,
 * so neither can share it.
 *
 * @param y the normalised [B,H,W,C] input
 * @param mean the global batch mean per channel
 * @param unbiasedVariance the global batch variance × N/(N−1), what the moving variance averages
 */
record SyncBatchNorm(
    Operand<TFloat32> y, Operand<TFloat32> mean, Operand<TFloat32> unbiasedVariance) {

  static SyncBatchNorm apply(
      Ops tf,
      VariableStore store,
      Operand<TFloat32> x4,
      long channels,
      Operand<TFloat32> gamma,
      Operand<TFloat32> beta,
      double epsilon) {
    Operand<TInt32> axes = tf.constant(new int[] {0, 1, 2});
    Operand<TFloat32> sum = tf.reduceSum(x4, axes);
    Operand<TFloat32> sumSq = tf.reduceSum(tf.math.square(x4), axes);
    // Values per channel in this worker's batch (the last batch may be smaller): no gradient.
    Operand<TFloat32> count =
        tf.stopGradient(
            tf.reshape(
                tf.math.div(
                    tf.dtypes.cast(tf.size(x4), TFloat32.class), tf.constant((float) channels)),
                tf.constant(new int[] {1})));
    Operand<TFloat32> packed =
        store.sumOverWorkers(tf, tf.concat(List.of(sum, sumSq, count), tf.constant(0)));
    List<Output<TFloat32>> parts =
        tf.splitV(
                packed,
                tf.constant(new int[] {(int) channels, (int) channels, 1}),
                tf.constant(0),
                3L)
            .output();
    Operand<TFloat32> n = parts.get(2);
    Operand<TFloat32> one = tf.constant(1f);
    Operand<TFloat32> mean = tf.math.div(parts.get(0), n);
    Operand<TFloat32> var =
        tf.math.maximum(
            tf.math.sub(tf.math.div(parts.get(1), n), tf.math.square(mean)), tf.constant(0f));
    Operand<TFloat32> scale =
        tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(var, tf.constant((float) epsilon))));
    Operand<TFloat32> y = tf.math.add(tf.math.mul(tf.math.sub(x4, mean), scale), beta);
    Operand<TFloat32> unbiased =
        tf.math.mul(var, tf.math.div(n, tf.math.maximum(tf.math.sub(n, one), one)));
    return new SyncBatchNorm(y, mean, unbiased);
  }
}
