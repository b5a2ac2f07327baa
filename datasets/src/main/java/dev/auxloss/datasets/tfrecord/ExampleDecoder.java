package dev.auxloss.datasets.tfrecord;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

/**
 * Decodes serialized {@code tf.train.Example}s into rows of a batch, as {@code tf.io.parse_example}
 * with the declared features would: a fixed-shape feature must hold exactly its shape's number of values,
 * a variable-length one is padded with 0 or truncated (its mask says which values are real; a missing
 * variable-length feature is empty, as {@code VarLenFeature} gives it). int64 values are fed as int32
 * and must fit; the class label must be in {@code [0, classes)}. A record that breaks a rule is a
 * {@link ConfigException} naming the file, the record and the feature.
 */
final class ExampleDecoder {
  private final List<FeatureSpec> features;
  private final String labelField; // null: no class label to check
  private final int classes;

  ExampleDecoder(List<FeatureSpec> features, String labelField, int classes) {
    this.features = List.copyOf(features);
    this.labelField = labelField;
    this.classes = classes;
  }

  /** Where a record is, for errors: the parameter, the file and the reader's position. */
  record Place(String param, java.nio.file.Path file, long index, long offset) {
    ConfigException error(String message) {
      return new ConfigException(ConfigError.of(param, file + ": record " + index + " (byte " + offset + "): " + message));
    }
  }

  /** Rows being filled: one array per field, {@code capacity} rows long. */
  final class Rows {
    private final Object[] values; // float[] or int[] per feature
    private final float[][] masks; // per feature, null unless variable-length
    private int count;

    Rows(int capacity) {
      values = new Object[features.size()];
      masks = new float[features.size()][];
      for (int i = 0; i < features.size(); i++) {
        FeatureSpec f = features.get(i);
        int n = capacity * f.width();
        values[i] = f.kind() == FeatureSpec.Kind.INT64 ? new int[n] : new float[n];
        if (f.variable()) masks[i] = new float[n];
      }
    }

    int count() {
      return count;
    }

    /** Decodes {@code record} into the next row. */
    void add(byte[] record, Place place) {
      Example example;
      try {
        example = Example.parseFrom(record);
      } catch (InvalidProtocolBufferException e) {
        throw place.error("not a tf.train.Example: " + ConfigError.reason(e));
      }
      Map<String, Feature> map = example.getFeatures().getFeatureMap();
      for (int i = 0; i < features.size(); i++) fill(features.get(i), map.get(features.get(i).key()), i, place);
      count++;
    }

    private void fill(FeatureSpec f, Feature feature, int i, Place place) {
      int width = f.width();
      int at = count * width;
      Feature.KindCase kind = feature == null ? Feature.KindCase.KIND_NOT_SET : feature.getKindCase();
      if (feature == null && !f.variable()) {
        throw place.error("feature '" + f.key() + "' is missing (declared " + f + ")");
      }
      int n;
      switch (f.kind()) {
        case FLOAT -> {
          expect(f, kind, Feature.KindCase.FLOAT_LIST, place);
          var list = feature == null ? null : feature.getFloatList();
          n = list == null ? 0 : list.getValueCount();
          checkCount(f, n, place);
          float[] out = (float[]) values[i];
          int m = Math.min(n, width);
          for (int k = 0; k < m; k++) out[at + k] = list.getValue(k);
          java.util.Arrays.fill(out, at + m, at + width, 0f);
        }
        case INT64 -> {
          expect(f, kind, Feature.KindCase.INT64_LIST, place);
          var list = feature == null ? null : feature.getInt64List();
          n = list == null ? 0 : list.getValueCount();
          checkCount(f, n, place);
          int[] out = (int[]) values[i];
          int m = Math.min(n, width);
          for (int k = 0; k < m; k++) {
            long v = list.getValue(k);
            if (v != (int) v) {
              throw place.error("feature '" + f.key() + "': value " + v + " does not fit the int32 the batch holds");
            }
            if (f.field().equals(labelField) && (v < 0 || v >= classes)) {
              throw place.error("feature '" + f.key() + "': label " + v + " is outside [0, " + classes
                  + ") (classes: " + classes + ")");
            }
            out[at + k] = (int) v;
          }
          java.util.Arrays.fill(out, at + m, at + width, 0);
        }
        case IMAGE -> {
          expect(f, kind, Feature.KindCase.BYTES_LIST, place);
          n = feature.getBytesList().getValueCount();
          if (n != 1) throw place.error("feature '" + f.key() + "' holds " + n + " byte strings, an image needs exactly 1");
          try {
            ImageDecoding.decode(feature.getBytesList().getValue(0).toByteArray(), (int) f.shape()[0],
                (int) f.shape()[1], (int) f.shape()[2], (float[]) values[i], at);
          } catch (IllegalArgumentException e) {
            throw place.error("feature '" + f.key() + "': " + e.getMessage());
          }
        }
        default -> throw new IllegalStateException(f.kind().toString());
      }
      if (f.variable()) {
        int m = Math.min(n, width);
        java.util.Arrays.fill(masks[i], at, at + m, 1f);
        java.util.Arrays.fill(masks[i], at + m, at + width, 0f);
      }
    }

    /** The rows filled so far as a batch (batch axis first). */
    Batch toBatch() {
      Map<String, HostTensor> out = new HashMap<>();
      for (int i = 0; i < features.size(); i++) {
        FeatureSpec f = features.get(i);
        Shape shape = Shape.of(count).append(Shape.of(f.shape()));
        int n = count * f.width();
        out.put(f.field(), values[i] instanceof int[] ints
            ? new HostTensor.Ints(shape, ints.length == n ? ints : java.util.Arrays.copyOf(ints, n))
            : new HostTensor.Floats(shape, floats((float[]) values[i], n)));
        if (f.variable()) out.put(f.maskField(), new HostTensor.Floats(shape, floats(masks[i], n)));
      }
      return new Batch(out);
    }
  }

  /** A full batch hands its arrays over; only a short last batch copies. */
  private static float[] floats(float[] a, int n) {
    return a.length == n ? a : java.util.Arrays.copyOf(a, n);
  }

  private static void expect(FeatureSpec f, Feature.KindCase found, Feature.KindCase wanted, Place place) {
    // An empty feature (no list set) is an empty list of any type, as TensorFlow reads it.
    if (found == wanted || found == Feature.KindCase.KIND_NOT_SET) return;
    throw place.error("feature '" + f.key() + "' is a " + name(found) + ", declared " + f.kind().configName
        + " (" + name(wanted) + ")");
  }

  private static void checkCount(FeatureSpec f, int n, Place place) {
    if (!f.variable() && n != f.width()) {
      throw place.error("feature '" + f.key() + "' holds " + n + " values, its declared shape "
          + java.util.Arrays.toString(f.shape()) + " needs " + f.width() + " (declare it '[var N]' if its length varies)");
    }
  }

  private static String name(Feature.KindCase k) {
    return switch (k) {
      case FLOAT_LIST -> "float_list";
      case INT64_LIST -> "int64_list";
      case BYTES_LIST -> "bytes_list";
      case KIND_NOT_SET -> "empty feature";
    };
  }
}
