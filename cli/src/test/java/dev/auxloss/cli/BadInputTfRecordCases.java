package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.bytes;
import static dev.auxloss.cli.BadInputCase.config;
import static dev.auxloss.cli.BadInputDataCases.gzip;

import com.google.protobuf.ByteString;
import dev.auxloss.cli.BadInputCase.Inputs;
import dev.auxloss.tf.summary.TfRecordWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * Bad TFRecord data for the {@code tfrecord} dataset (issue #16 items 1 and 8): each names the
 * parameter, the file and — for a bad record — its index and byte offset and the feature, before
 * anything is written. Files are written by the project's {@link TfRecordWriter}.
 */
final class BadInputTfRecordCases {
  private BadInputTfRecordCases() {}

  static final String TRAIN = BadInputCase.DIR + "/tfr/train.tfrecord";
  static final String CONFIG =
      """
      name: "badinput"
      model { name: "cnn-ds" }
      data {
        dataset: "tfrecord"
        batch_size: 2
        param { name: "train" text: "{dir}/tfr/train*.tfrecord" }
        param { name: "features" text: "image/encoded as image: image[28,28,1]; label: int64" }
        param { name: "classes" number: 10 }
      }
      loss { key: "vision.cross_entropy" }
      """;

  static List<BadInputCase> cases() {
    List<Example> good = List.of(example(0), example(1), example(2));
    return List.of(
        config(
                "tfrecord: data CRC mismatch names file and byte offset",
                CONFIG,
                "data.param",
                TRAIN
                    + ": record 1 at byte "
                    + offset(good, 1)
                    + ": corrupt record: data CRC mismatch")
            .withInputs(train(flip(records(good), (int) offset(good, 1) + 20))),
        config(
                "tfrecord: truncated file",
                CONFIG,
                "data.param",
                TRAIN + ": record 2 at byte " + offset(good, 2) + ": truncated file")
            .withInputs(train(Arrays.copyOf(records(good), (int) offset(good, 2) + 30))),
        config(
                "tfrecord: missing feature names record and feature",
                CONFIG,
                "data.param",
                TRAIN + ": record 1 at byte " + offset(good, 1) + ": feature 'label' is missing")
            .withInputs(
                train(
                    records(
                        List.of(
                            example(0),
                            example(1).toBuilder()
                                .setFeatures(
                                    Features.newBuilder()
                                        .putFeature(
                                            "image/encoded",
                                            example(1)
                                                .getFeatures()
                                                .getFeatureOrThrow("image/encoded")))
                                .build())))),
        config(
                "tfrecord: wrongly typed feature",
                CONFIG,
                "data.param",
                "record 0 at byte 0: feature 'label' is a float_list, declared int64")
            .withInputs(
                train(
                    records(
                        List.of(
                            with(
                                example(0),
                                "label",
                                Feature.newBuilder()
                                    .setFloatList(FloatList.newBuilder().addValue(1))
                                    .build()))))),
        config(
                "tfrecord: undecodable image",
                CONFIG,
                "data.param",
                TRAIN
                    + ": record 0 at byte 0: feature 'image/encoded': not a PNG or JPEG image (4 bytes)")
            .withInputs(
                train(
                    records(
                        List.of(
                            with(
                                example(0),
                                "image/encoded",
                                Feature.newBuilder()
                                    .setBytesList(
                                        BytesList.newBuilder()
                                            .addValue(ByteString.copyFrom(new byte[] {1, 2, 3, 4})))
                                    .build()))))),
        config(
                "tfrecord: label out of range",
                CONFIG,
                "data.param",
                "feature 'label': label 12 is outside [0, 10) (classes: 10)")
            .withInputs(train(records(List.of(example(0), with(example(1), "label", int64(12)))))),
        config(
                "tfrecord: glob matching no file",
                CONFIG.replace("train*.tfrecord", "nothing-*.tfrecord"),
                "data.param",
                "'" + BadInputCase.DIR + "/tfr/nothing-*.tfrecord' matches no file")
            .withInputs(train(records(good))),
        config(
                "tfrecord: split with no examples",
                CONFIG,
                "data.param",
                "split train has no examples")
            .withInputs(train(new byte[0])),
        config(
                "tfrecord: gzip declared, plain file found",
                CONFIG.replace(
                    "data {", "data {\n  param { name: \"compression\" text: \"gzip\" }"),
                "data.param",
                TRAIN + ": not a gzip file")
            .withInputs(train(records(good))),
        config(
                "tfrecord: plain declared, gzip file found",
                CONFIG,
                "data.param",
                TRAIN + ": record 0 at byte 0: corrupt record: length CRC mismatch")
            .withInputs(train(gzip(records(good)))),
        config(
                "tfrecord: bad features syntax",
                CONFIG.replace("label: int64\"", "label: int32\""),
                "data.param",
                "'label: int32': unknown type 'int32'; known: float, int64, image")
            .withInputs(train(records(good))));
  }

  static Inputs train(byte[] content) {
    return bytes("tfr/train.tfrecord", content);
  }

  /** Example {@code i}: a 28×28 grey PNG under {@code image/encoded}, label {@code i % 10}. */
  static Example example(int i) {
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int p = 0; p < 28 * 28; p++)
      img.getRaster().setSample(p % 28, p / 28, 0, (p * 7 + i * 31) % 256);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Example.newBuilder()
        .setFeatures(
            Features.newBuilder()
                .putFeature(
                    "image/encoded",
                    Feature.newBuilder()
                        .setBytesList(
                            BytesList.newBuilder().addValue(ByteString.copyFrom(png.toByteArray())))
                        .build())
                .putFeature("label", int64(i % 10)))
        .build();
  }

  static Feature int64(long v) {
    return Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(v)).build();
  }

  static Example with(Example e, String name, Feature f) {
    return e.toBuilder().setFeatures(e.getFeatures().toBuilder().putFeature(name, f)).build();
  }

  static byte[] records(List<Example> examples) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TfRecordWriter w = new TfRecordWriter(out);
    try {
      for (Example e : examples) w.write(e.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Byte offset of record {@code i}: each record is 8 + 4 header, its data, 4 CRC bytes. */
  static long offset(List<Example> examples, int i) {
    long at = 0;
    for (Example e : examples.subList(0, i)) at += 16 + e.getSerializedSize();
    return at;
  }

  static byte[] flip(byte[] b, int at) {
    byte[] out = b.clone();
    out[at] ^= 0x01;
    return out;
  }
}
