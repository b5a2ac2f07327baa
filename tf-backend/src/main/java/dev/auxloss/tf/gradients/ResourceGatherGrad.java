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
 * Gradient of {@code ResourceGather(resource, indices)}, the gather that reads rows straight from a
 * resource variable's handle, after TF Python's {@code _GatherGrad} in {@code
 * resource_variable_ops.py}.
 *
 * <p>Python returns {@code IndexedSlices(values=dy, indices, dense_shape=variable_shape(handle))}.
 * TF's C++ gradient builder only carries dense tensors, so this gradient densifies it: {@code
 * UnsortedSegmentSum(dy rows, indices, num_rows)}, reshaped to the variable's run-time shape
 * ({@code VariableShape(handle)}); rows gathered twice add up. With {@code batch_dims = b > 0} the
 * indices are offset per batch entry first, so the same segment sum applies.
 *
 * <p><b>Where the gradient goes.</b> ResourceGather's differentiable input is the resource handle
 * itself (dtype {@code DT_RESOURCE}). TF's C++ builder does not check dtypes, so the float gradient
 * travels to the handle: {@code graph.addGradients(loss, handleOutput)} returns the dense gradient
 * of the variable, and if the same handle also feeds a {@code ReadVariableOp} on the path to the
 * loss (TF's gradient of {@code ReadVariableOp} is an identity to the handle) both parts are
 * summed. What TF does not allow: asking for the gradient with respect to a {@code ReadVariableOp}
 * output when the loss reaches the variable only through ResourceGather — that read is not on the
 * path, and {@code addGradients} reports the node as unreachable.
 *
 * <p>auxloss's layer kit therefore reads each variable once ({@code ReadVariableOp}) and gathers
 * with {@code GatherV2}, whose gradient TF has, and takes gradients with respect to the read. This
 * gradient is for graphs built otherwise (imported graphs, user layers). The dense gradient costs a
 * full-size tensor per step, like TF's own GatherV2 gradient in graph mode. Indices get {@link
 * OpGradient#none()}.
 */
final class ResourceGatherGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return List.of(handleGrad(tf, op, dy.get(0)), OpGradient.none());
  }

  private static <T extends TType> Operand<T> handleGrad(
      Ops tf, GraphOperation op, Output<?> dyOut) {
    Operand<T> grad = as(dyOut);
    Output<?> handle = op.input(0);
    Output<?> indices = op.input(1);
    long b = op.attributes().getAttrInt("batch_dims"); // >= 0: TF rejects negative values
    Operand<TInt64> paramsShape = tf.variableShape(handle, TInt64.class);
    Operand<TInt64> idx = tf.dtypes.cast(indices, TInt64.class);
    Operand<TInt64> minusOne = tf.constant(new long[] {-1});
    Operand<TInt64> numRows = tf.stridedSlice(paramsShape, Indices.at(b));
    Operand<TInt64> rowShape = tf.stridedSlice(paramsShape, Indices.sliceFrom(b + 1));
    Operand<T> rows = tf.reshape(grad, tf.concat(List.of(minusOne, rowShape), tf.constant(0)));
    if (b == 0) {
      return tf.math.unsortedSegmentSum(rows, tf.reshape(idx, minusOne), numRows);
    }
    // Batch entry j's indices address rows [j*N, (j+1)*N) of the flattened [prod(batch)*N, ...].
    Operand<TInt64> batch =
        tf.prod(tf.stridedSlice(paramsShape, Indices.slice(0, b)), tf.constant(0));
    Operand<TInt64> offsets =
        tf.reshape(
            tf.math.mul(tf.range(tf.constant(0L), batch, tf.constant(1L)), numRows),
            tf.constant(new long[] {-1, 1}));
    Operand<TInt64> perBatch = tf.reshape(idx, tf.stack(List.of(batch, tf.constant(-1L))));
    Operand<TInt64> flat = tf.reshape(tf.math.add(perBatch, offsets), minusOne);
    Operand<T> dense = tf.math.unsortedSegmentSum(rows, flat, tf.math.mul(batch, numRows));
    return tf.reshape(dense, paramsShape);
  }
}
