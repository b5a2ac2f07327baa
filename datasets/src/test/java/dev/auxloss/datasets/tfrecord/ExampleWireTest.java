package dev.auxloss.datasets.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

/**
 * The wire reader agrees with protobuf's own parse of {@code Example} on the encodings a plain
 * {@code toByteArray()} never writes but other writers may: unpacked repeated values, packed runs
 * in pieces, a map key given twice, unknown fields, an empty Feature.
 */
class ExampleWireTest {
  /** Writes one length-delimited field holding what {@code body} writes. */
  interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  static byte[] bytes(Body body) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(b);
    body.write(out);
    out.flush();
    return b.toByteArray();
  }

  static void message(CodedOutputStream out, int field, Body body) throws IOException {
    out.writeByteArray(field, bytes(body));
  }

  static Body entry(String key, Body feature) {
    return out ->
        message(
            out,
            1,
            e -> {
              e.writeString(1, key);
              message(e, 2, feature);
            });
  }

  @Test
  void readsWhatProtobufReads() throws IOException {
    byte[] record =
        bytes(
            out -> {
              out.writeInt32(7, 99); // unknown field of Example
              message(
                  out,
                  1,
                  features -> {
                    entry("x", f -> message(f, 2, list -> list.writeFloat(1, 9f)))
                        .write(features); // replaced below
                    entry(
                            "x",
                            f ->
                                message(
                                    f,
                                    2,
                                    list -> {
                                      list.writeFloat(1, 1.5f); // unpacked
                                      list.writeByteArray(
                                          1,
                                          bytes(
                                              p -> {
                                                p.writeFloatNoTag(2.5f);
                                                p.writeFloatNoTag(-3f);
                                              })); // a packed run
                                      list.writeFloat(1, 4f);
                                    }))
                        .write(features);
                    entry(
                            "n",
                            f ->
                                message(
                                    f,
                                    3,
                                    list -> {
                                      list.writeInt64(
                                          1, -5); // unpacked, negative: ten varint bytes
                                      list.writeByteArray(
                                          1,
                                          bytes(
                                              p -> {
                                                p.writeInt64NoTag(1L << 40);
                                                p.writeInt64NoTag(7);
                                              }));
                                    }))
                        .write(features);
                    entry("empty", f -> {}).write(features);
                    entry(
                            "skipped",
                            f -> message(f, 1, list -> list.writeByteArray(1, new byte[] {1})))
                        .write(features);
                    features.writeInt32(5, 1); // unknown field of Features
                  });
            });
    Map<String, Feature> proto = Example.parseFrom(record).getFeatures().getFeatureMap();

    ExampleWire wire = new ExampleWire(Map.of("x", 0, "n", 1, "empty", 2, "absent", 3));
    wire.read(record);
    assertThat(wire.kind(0)).isEqualTo(ExampleWire.Kind.FLOAT);
    assertThat(wire.count(0)).isEqualTo(proto.get("x").getFloatList().getValueCount()).isEqualTo(4);
    float[] x = new float[4];
    wire.floats(0, x, 0, 4);
    assertThat(x).containsExactly(1.5f, 2.5f, -3f, 4f);
    assertThat(List.of(x[0], x[1], x[2], x[3]))
        .isEqualTo(proto.get("x").getFloatList().getValueList());

    assertThat(wire.kind(1)).isEqualTo(ExampleWire.Kind.INT64);
    assertThat(wire.count(1)).isEqualTo(3);
    assertThat(wire.longs(1, 3)).containsExactly(-5, 1L << 40, 7);
    assertThat(proto.get("n").getInt64List().getValueList()).containsExactly(-5L, 1L << 40, 7L);
    assertThat(wire.longs(1, 2)).containsExactly(-5, 1L << 40);

    assertThat(wire.present(2)).isTrue();
    assertThat(wire.kind(2)).isEqualTo(ExampleWire.Kind.NONE);
    assertThat(proto.get("empty").getKindCase()).isEqualTo(Feature.KindCase.KIND_NOT_SET);
    assertThat(wire.count(2)).isZero();
    assertThat(wire.present(3)).isFalse();
  }
}
