package dev.auxloss.tf.gradients;

import static dev.auxloss.tf.gradients.GradMath.as;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Gradient of {@code TopKV2(input [..., n], k) -> (values [..., k], indices [..., k])}, after TF
 * Python's {@code _TopKGrad}. (The legacy {@code TopK} op, k as an attribute, cannot be built in
 * current graphs: "removed in GraphDef version 7".)
 *
 * <p>Each selected value is a copy of one input element, so its gradient goes back to that element
 * and the other {@code n - k} elements of the row get zero:
 *
 * <pre>
 *   flat   = indices + row * n          (row-major position of each selected element)
 *   d input = reshape(ScatterNd(flat, dValues, [size(input)]), shape(input))
 * </pre>
 *
 * The {@code indices} output has no gradient (TF hands in zeros for it) and {@code k} gets {@link
 * OpGradient#none()}. Ties are broken by TopK itself (lowest index first), so the gradient of a
 * tied value goes to the element TopK picked.
 */
final class TopKGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return List.of(inputGrad(tf, op, dy.get(0)), OpGradient.none());
  }

  private static <T extends TType> Operand<T> inputGrad(
      Ops tf, GraphOperation op, Output<?> dValuesOut) {
    Operand<T> dValues = as(dValuesOut);
    Output<?> input = op.input(0);
    Operand<TInt64> inShape = tf.shape(input, TInt64.class);
    Operand<TInt64> indShape = tf.shape(op.output(1), TInt64.class);
    Operand<TInt64> n = tf.stridedSlice(inShape, Indices.at(-1));
    Operand<TInt64> k = tf.stridedSlice(indShape, Indices.at(-1));
    Operand<TInt64> ind2d =
        tf.reshape(
            tf.dtypes.cast(op.output(1), TInt64.class), tf.stack(List.of(tf.constant(-1L), k)));
    Operand<TInt64> rows = tf.stridedSlice(tf.shape(ind2d, TInt64.class), Indices.at(0));
    Operand<TInt64> offsets =
        tf.expandDims(tf.range(tf.constant(0L), tf.math.mul(rows, n), n), tf.constant(-1));
    Operand<TInt64> flat = tf.reshape(tf.math.add(ind2d, offsets), tf.constant(new long[] {-1, 1}));
    Operand<TInt64> size = tf.expandDims(tf.size(input, TInt64.class), tf.constant(0));
    Operand<T> scattered =
        tf.scatterNd(flat, tf.reshape(dValues, tf.constant(new long[] {-1})), size);
    return tf.reshape(scattered, inShape);
  }
}
