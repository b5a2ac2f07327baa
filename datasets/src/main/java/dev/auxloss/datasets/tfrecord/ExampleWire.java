package dev.auxloss.datasets.tfrecord;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads the declared features of a serialized {@code tf.train.Example} straight from its bytes,
 * without building {@code Example} objects (S9: the generic parse was most of the reader's time):
 *
 * <pre>
 * Example  { Features features = 1; }          Features { map&lt;string, Feature&gt; feature = 1; }
 * Feature  { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
 * FloatList { repeated float value = 1 [packed]; }   Int64List { repeated int64 value = 1 [packed]; }
 * BytesList { repeated bytes value = 1; }
 * </pre>
 *
 * As protobuf parses: unknown fields are skipped, repeated scalars are read packed or not, a map
 * key given twice keeps its last value, and of a {@code oneof} set twice the last wins.
 */
final class ExampleWire {
  /** What a Feature holds, as its {@code oneof} case. */
  enum Kind {
    NONE("empty feature"),
    BYTES("bytes_list"),
    FLOAT("float_list"),
    INT64("int64_list");

    final String protoName;

    Kind(String protoName) {
      this.protoName = protoName;
    }
  }

  private static final int LIST_PACKED = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);

  /** A field's tag, as protobuf writes it (WireFormat.makeTag is package-private). */
  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  private final Map<String, Integer> index; // declared key → feature number
  private final int[] start; // of each declared feature's Feature message; -1: absent
  private final int[] end;
  private byte[] record;

  ExampleWire(Map<String, Integer> index) {
    this.index = index;
    this.start = new int[index.size()];
    this.end = new int[index.size()];
  }

  /**
   * Locates every declared feature in {@code record}; an {@link IOException} when it is not an
   * Example.
   */
  void read(byte[] record) throws IOException {
    this.record = record;
    Arrays.fill(start, -1);
    CodedInputStream in = CodedInputStream.newInstance(record);
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (tag != tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        in.skipField(tag);
        continue;
      }
      int features = in.pushLimit(in.readRawVarint32());
      for (int t; (t = in.readTag()) != 0; ) {
        if (t != tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
          in.skipField(t);
          continue;
        }
        int entry = in.pushLimit(in.readRawVarint32());
        String key = "";
        int from = 0;
        int to = 0; // a map entry without a value holds an empty Feature
        for (int u; (u = in.readTag()) != 0; ) {
          if (u == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
            key = in.readString();
          } else if (u == tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
            int n = in.readRawVarint32();
            from = in.getTotalBytesRead();
            in.skipRawBytes(n);
            to = from + n;
          } else {
            in.skipField(u);
          }
        }
        in.popLimit(entry);
        Integer i = index.get(key);
        if (i != null) {
          start[i] = from;
          end[i] = to;
        }
      }
      in.popLimit(features);
    }
  }

  boolean present(int feature) {
    return start[feature] >= 0;
  }

  /**
   * The kind of declared feature {@code feature} and where its list's bytes are: {kind, from, to}.
   */
  private int[] list(int feature) throws IOException {
    int kind = 0;
    int from = 0;
    int to = 0;
    if (start[feature] < 0) return new int[] {0, 0, 0};
    CodedInputStream in =
        CodedInputStream.newInstance(record, start[feature], end[feature] - start[feature]);
    int base = start[feature];
    for (int tag; (tag = in.readTag()) != 0; ) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field >= 1
          && field <= 3
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int n = in.readRawVarint32();
        kind = field;
        from = base + in.getTotalBytesRead();
        in.skipRawBytes(n);
        to = from + n;
      } else {
        in.skipField(tag);
      }
    }
    return new int[] {kind, from, to};
  }

  Kind kind(int feature) throws IOException {
    return Kind.values()[list(feature)[0]];
  }

  /** Number of values of {@code feature}'s list (0 when absent or empty). */
  int count(int feature) throws IOException {
    int[] l = list(feature);
    if (l[0] == 0) return 0;
    CodedInputStream in = CodedInputStream.newInstance(record, l[1], l[2] - l[1]);
    int n = 0;
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        in.skipField(tag);
      } else if (tag == LIST_PACKED && l[0] != 1) {
        int len = in.readRawVarint32();
        if (l[0] == 2) {
          n += len / 4;
          in.skipRawBytes(len);
        } else {
          int limit = in.pushLimit(len);
          while (!in.isAtEnd()) {
            in.readRawVarint64();
            n++;
          }
          in.popLimit(limit);
        }
      } else {
        in.skipField(tag);
        n++;
      }
    }
    return n;
  }

  /** The first {@code max} floats of a float_list into {@code out[at..]}. */
  void floats(int feature, float[] out, int at, int max) throws IOException {
    int[] l = list(feature);
    CodedInputStream in = CodedInputStream.newInstance(record, l[1], l[2] - l[1]);
    int k = 0;
    for (int tag; k < max && (tag = in.readTag()) != 0; ) {
      if (tag == LIST_PACKED) {
        int len = in.readRawVarint32();
        int from = l[1] + in.getTotalBytesRead();
        int n = Math.min(len / 4, max - k);
        ByteBuffer.wrap(record, from, n * 4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer()
            .get(out, at + k, n);
        k += n;
        in.skipRawBytes(len);
      } else if (tag == tag(1, WireFormat.WIRETYPE_FIXED32)) {
        out[at + k++] = in.readFloat();
      } else {
        in.skipField(tag);
      }
    }
  }

  /** The first {@code max} values of an int64_list. */
  long[] longs(int feature, int max) throws IOException {
    int[] l = list(feature);
    long[] out = new long[max];
    CodedInputStream in = CodedInputStream.newInstance(record, l[1], l[2] - l[1]);
    int k = 0;
    for (int tag; k < max && (tag = in.readTag()) != 0; ) {
      if (tag == LIST_PACKED) {
        int limit = in.pushLimit(in.readRawVarint32());
        while (k < max && !in.isAtEnd()) out[k++] = in.readInt64();
        in.skipRawBytes(in.getBytesUntilLimit());
        in.popLimit(limit);
      } else if (tag == tag(1, WireFormat.WIRETYPE_VARINT)) {
        out[k++] = in.readInt64();
      } else {
        in.skipField(tag);
      }
    }
    return out;
  }

  /** The first byte string of a bytes_list. */
  byte[] firstBytes(int feature) throws IOException {
    int[] l = list(feature);
    CodedInputStream in = CodedInputStream.newInstance(record, l[1], l[2] - l[1]);
    for (int tag; (tag = in.readTag()) != 0; ) {
      if (tag == LIST_PACKED) return in.readByteArray();
      in.skipField(tag);
    }
    return new byte[0];
  }
}
