package dev.auxloss.tf.gradients;

import static dev.auxloss.tf.gradients.GradMath.as;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.family.TNumber;

/**
 * Gradient of {@code Conv3D(input, filter)}, after TF Python's {@code _Conv3DGrad}: the two
 * backprop kernels TF ships, with the forward op's strides, padding, dilations and data format.
 *
 * <pre>
 *   d input  = Conv3DBackpropInputV2(shape(input), filter, dz)
 *   d filter = Conv3DBackpropFilterV2(input, shape(filter), dz)
 * </pre>
 *
 * For volumetric models (3-D segmentation heads, video). TF's CPU backprop kernels reject dilations
 * above 1 ("Current CPU implementation does not yet support dilation rates larger than 1"), in
 * Python as here; dilated 3-D convolutions train on GPU only.
 */
final class Conv3DGrad implements OpGradient {

  @Override
  public List<Operand<?>> apply(Ops tf, GraphOperation op, List<Output<?>> dy) {
    return grads(tf, op, dy.get(0));
  }

  private static <T extends TNumber> List<Operand<?>> grads(
      Ops tf, GraphOperation op, Output<?> dzOut) {
    Operand<T> dz = as(dzOut);
    Operand<T> input = as(op.input(0));
    Operand<T> filter = as(op.input(1));
    List<Long> strides = longs(op.attributes().getAttrIntList("strides"));
    List<Long> dilations = longs(op.attributes().getAttrIntList("dilations"));
    String padding = op.attributes().getAttrString("padding");
    String format = op.attributes().getAttrString("data_format");
    Operand<T> dInput =
        tf.nn.conv3dBackpropInput(
            tf.shape(input),
            filter,
            dz,
            strides,
            padding,
            Conv3dBackpropInput.dilations(dilations),
            Conv3dBackpropInput.dataFormat(format));
    Operand<T> dFilter =
        tf.nn.conv3dBackpropFilter(
            input,
            tf.shape(filter),
            dz,
            strides,
            padding,
            Conv3dBackpropFilter.dilations(dilations),
            Conv3dBackpropFilter.dataFormat(format));
    return List.of(dInput, dFilter);
  }

  private static List<Long> longs(long[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
