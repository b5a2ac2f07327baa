package dev.auxloss.datasets.tfrecord;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.ImageDecoding;
import dev.auxloss.api.params.ConfigError;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;

/**
 * Decodes serialized {@code tf.train.Example}s into rows of a batch, as {@code tf.io.parse_example}
 * with the declared features would: a fixed-shape feature must hold exactly its shape's number of
 * values, a variable-length one is padded with 0 or truncated (its mask says which values are real;
 * a missing variable-length feature is empty, as {@code VarLenFeature} gives it). int64 values are
 * fed as int32 and must fit; the class label must be in {@code [0, classes)}. A record that breaks
 * a rule is a {@link BadExample} naming the file, the record and the feature.
 */
final class ExampleDecoder {
  private final List<FeatureSpec> features;
  private final String labelField; // null: no class label to check
  private final int classes;
  private final Map<String, Integer> keys = new HashMap<>(); // Example key → feature number

  ExampleDecoder(List<FeatureSpec> features, String labelField, int classes) {
    this.features = List.copyOf(features);
    for (int i = 0; i < features.size(); i++) keys.put(features.get(i).key(), i);
    this.labelField = labelField;
    this.classes = classes;
  }

  /** Where a record is, for errors: the parameter, the file and the reader's position. */
  record Place(String param, java.nio.file.Path file, long index, long offset) {
    BadExample error(String kind, String message) {
      return new BadExample(
          kind, param, file + ": record " + index + " at byte " + offset + ": " + message);
    }
  }

  /** Rows being filled: one array per field, {@code capacity} rows long. */
  final class Rows {
    private final Object[] values; // float[] or int[] per feature
    private final float[][] masks; // per feature, null unless variable-length
    private final ExampleWire wire = new ExampleWire(keys);
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

    /** Empties the rows for reuse (the verifying pass decodes every record into one row). */
    void clear() {
      count = 0;
    }

    /**
     * Decodes {@code record} into the next row; a {@link BadExample} leaves the row count as it was
     * (the next record overwrites what was filled).
     */
    void add(byte[] record, Place place) {
      try {
        wire.read(record);
      } catch (IOException e) {
        throw place.error(
            BadExample.NOT_AN_EXAMPLE, "not a tf.train.Example: " + ConfigError.reason(e));
      }
      for (int i = 0; i < features.size(); i++) {
        try {
          fill(features.get(i), i, place);
        } catch (IOException e) {
          throw place.error(
              BadExample.WRONG_FEATURE,
              "feature '" + features.get(i).key() + "' is malformed: " + ConfigError.reason(e));
        }
      }
      count++;
    }

    private void fill(FeatureSpec f, int i, Place place) throws IOException {
      int width = f.width();
      int at = count * width;
      if (!wire.present(i) && !f.variable()) {
        throw place.error(
            BadExample.MISSING_FEATURE,
            "feature '" + f.key() + "' is missing (declared " + f + ")");
      }
      ExampleWire.Kind kind = wire.kind(i);
      int n = wire.count(i);
      int m = Math.min(n, width);
      switch (f.kind()) {
        case FLOAT -> {
          expect(f, kind, ExampleWire.Kind.FLOAT, place);
          checkCount(f, n, place);
          float[] out = (float[]) values[i];
          if (m > 0) wire.floats(i, out, at, m);
          Arrays.fill(out, at + m, at + width, 0f);
        }
        case INT64 -> {
          expect(f, kind, ExampleWire.Kind.INT64, place);
          checkCount(f, n, place);
          int[] out = (int[]) values[i];
          long[] longs = m == 0 ? new long[0] : wire.longs(i, m);
          for (int k = 0; k < m; k++) {
            long v = longs[k];
            if (v != (int) v) {
              throw place.error(
                  BadExample.WRONG_FEATURE,
                  "feature '"
                      + f.key()
                      + "': value "
                      + v
                      + " does not fit the int32 the batch holds");
            }
            if (f.field().equals(labelField) && (v < 0 || v >= classes)) {
              throw place.error(
                  BadExample.UNKNOWN_LABEL,
                  "feature '"
                      + f.key()
                      + "': label "
                      + v
                      + " is outside [0, "
                      + classes
                      + ") (classes: "
                      + classes
                      + ")");
            }
            out[at + k] = (int) v;
          }
          Arrays.fill(out, at + m, at + width, 0);
        }
        case IMAGE -> {
          expect(f, kind, ExampleWire.Kind.BYTES, place);
          if (n != 1)
            throw place.error(
                BadExample.WRONG_FEATURE,
                "feature '" + f.key() + "' holds " + n + " byte strings, an image needs exactly 1");
          try {
            ImageDecoding.decode(
                wire.firstBytes(i),
                (int) f.shape()[0],
                (int) f.shape()[1],
                (int) f.shape()[2],
                (float[]) values[i],
                at);
          } catch (IllegalArgumentException e) {
            throw place.error(
                BadExample.UNDECODABLE_IMAGE, "feature '" + f.key() + "': " + e.getMessage());
          }
        }
        default -> throw new IllegalStateException(f.kind().toString());
      }
      if (f.variable()) {
        Arrays.fill(masks[i], at, at + m, 1f);
        Arrays.fill(masks[i], at + m, at + width, 0f);
      }
    }

    /** The rows filled so far as a batch (batch axis first). */
    Batch toBatch() {
      Map<String, HostTensor> out = new HashMap<>();
      for (int i = 0; i < features.size(); i++) {
        FeatureSpec f = features.get(i);
        Shape shape = Shape.of(count).append(Shape.of(f.shape()));
        int n = count * f.width();
        out.put(
            f.field(),
            values[i] instanceof int[] ints
                ? new HostTensor.Ints(shape, ints.length == n ? ints : Arrays.copyOf(ints, n))
                : new HostTensor.Floats(shape, floats((float[]) values[i], n)));
        if (f.variable()) out.put(f.maskField(), new HostTensor.Floats(shape, floats(masks[i], n)));
      }
      return new Batch(out);
    }
  }

  /** A full batch hands its arrays over; only a short last batch copies. */
  private static float[] floats(float[] a, int n) {
    return a.length == n ? a : Arrays.copyOf(a, n);
  }

  private static void expect(
      FeatureSpec f, ExampleWire.Kind found, ExampleWire.Kind wanted, Place place) {
    // An empty feature (no list set) is an empty list of any type, as TensorFlow reads it.
    if (found == wanted || found == ExampleWire.Kind.NONE) return;
    throw place.error(
        BadExample.WRONG_FEATURE,
        "feature '"
            + f.key()
            + "' is a "
            + found.protoName
            + ", declared "
            + f.kind().configName
            + " ("
            + wanted.protoName
            + ")");
  }

  private static void checkCount(FeatureSpec f, int n, Place place) {
    if (!f.variable() && n != f.width()) {
      throw place.error(
          BadExample.WRONG_FEATURE,
          "feature '"
              + f.key()
              + "' holds "
              + n
              + " values, its declared shape "
              + Arrays.toString(f.shape())
              + " needs "
              + f.width()
              + " (declare it '[var N]' if its length varies)");
    }
  }
}
