package dev.auxloss.datasets.tfrecord;

import dev.auxloss.api.model.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One declared feature of a {@code tf.train.Example} and the batch field it fills, as TensorFlow's
 * {@code tf.io.FixedLenFeature} (a fixed {@code shape}) or {@code VarLenFeature} (padded with 0 or
 * truncated to {@code varLength}, with a 1/0 {@code <field>_mask} beside it).
 *
 * @param key the feature's name in the Example ({@code image/encoded})
 * @param field the batch field it fills ({@code image})
 * @param kind float, int64 (fed as int32) or a PNG/JPEG image (a bytes feature, fed as float32 in
 *     [0, 1])
 * @param shape per-example shape: fixed, or {@code [varLength]} for a variable-length feature
 * @param variable whether the feature has a variable length (then {@code shape} is {@code
 *     [length]})
 */
record FeatureSpec(String key, String field, Kind kind, long[] shape, boolean variable) {
  /** What the feature holds in the Example, and what the batch gets. */
  enum Kind {
    FLOAT("float"),
    INT64("int64"),
    IMAGE("image");

    final String configName;

    Kind(String configName) {
      this.configName = configName;
    }
  }

  /** Suffix of the 1/0 mask field a variable-length feature adds. */
  static final String MASK_SUFFIX = "_mask";

  /** Values per example. */
  int width() {
    long n = 1;
    for (long d : shape) n *= d;
    return (int) n;
  }

  String maskField() {
    return field + MASK_SUFFIX;
  }

  /** The batch fields: the values and, for a variable-length feature, its mask. */
  List<TensorSpec> specs() {
    List<TensorSpec> out = new ArrayList<>();
    out.add(
        new TensorSpec(field, kind == Kind.INT64 ? TInt32.class : TFloat32.class, Shape.of(shape)));
    if (variable) out.add(new TensorSpec(maskField(), TFloat32.class, Shape.of(shape)));
    return out;
  }

  /** As the features syntax writes it: {@code image/encoded as image: image[28,28,1]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(key);
    if (!field.equals(key)) sb.append(" as ").append(field);
    sb.append(": ").append(kind.configName);
    if (variable) return sb.append("[var ").append(shape[0]).append(']').toString();
    if (shape.length == 0) return sb.toString();
    sb.append('[');
    for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ",").append(shape[i]);
    return sb.append(']').toString();
  }
}
