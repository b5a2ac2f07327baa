package dev.auxloss.datasets.tfrecord;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.data.IteratorGetNext;
import org.tensorflow.op.image.DecodePng;
import org.tensorflow.op.io.ParseExample;
import org.tensorflow.proto.Example;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * The reader agrees with TensorFlow's own, both ways: files the project writes read through TF's
 * {@code TfRecordDataset} + {@code ParseExample} (+ {@code DecodePng}) give the values our dataset
 * gives; files TF writes ({@code DatasetToTfRecord}, plain and GZIP) read back through our dataset.
 */
class TensorFlowAgreementTest {
  static final String FEATURES =
      "x: float[3]; label: int64; tokens: int64[var 4]; rgb: image[5,4,3]; grey: image[5,4,1]";
  static final int N = 7;

  @TempDir Path dir;

  static List<Example> examples() {
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      long[] tokens = new long[i % 6]; // 0..5 values: empty, padded and truncated to 4
      for (int k = 0; k < tokens.length; k++) tokens[k] = 100L * i + k;
      out.add(
          Fixtures.example(
              "x",
              new float[] {i, -0.5f * i, 1e-3f * i},
              "label",
              (long) (i % 3),
              "tokens",
              tokens,
              "rgb",
              Fixtures.png(5, 4, 3, i),
              "grey",
              Fixtures.png(5, 4, 1, 100 + i),
              "unused",
              new float[] {42}));
    }
    return out;
  }

  /** Every field of every TEST example, one batch of all, through our dataset. */
  static Batch ours(Path file, String compression) {
    TfRecordDataset ds =
        TfRecordDatasetFactory.create(
            Params.parse(
                TfRecordDatasetFactory.DESCRIPTOR.params(),
                "train",
                file.toString(),
                "test",
                file.toString(),
                "features",
                FEATURES,
                "compression",
                compression));
    Iterator<Batch> it = ds.batches(Split.TEST, 100, 1);
    Batch b = it.next();
    assertThat(it.hasNext()).isFalse();
    return b;
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip"})
  void filesWeWriteReadTheSameThroughTensorFlowsReader(String compression) {
    Path file =
        Fixtures.write(dir.resolve("ours.tfrecord"), examples(), compression.equals("gzip"));
    Batch ours = ours(file, compression);
    assertThat(ours.size()).isEqualTo(N);

    List<float[]> x = new ArrayList<>();
    List<long[]> label = new ArrayList<>();
    List<long[]> tokens = new ArrayList<>();
    List<float[]> rgb = new ArrayList<>();
    List<float[]> grey = new ArrayList<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<?> dataset = tfRecordDataset(tf, file, compression.equals("gzip") ? "GZIP" : "");
      // A named iterator: an anonymous one is a new iterator on every Session.run.
      var iterator =
          tf.data.iterator("records", "", List.of(TString.class), List.of(Shape.scalar()));
      var init = tf.data.makeIterator(dataset, iterator);
      IteratorGetNext next =
          tf.data.iteratorGetNext(iterator, List.of(TString.class), List.of(Shape.scalar()));
      @SuppressWarnings("unchecked")
      Operand<TString> record = (Operand<TString>) (Operand<?>) next.components().get(0);
      ParseExample parsed =
          tf.io.parseExample(
              tf.reshape(record, tf.constant(new long[] {1})),
              noStrings(tf),
              tf.constant(UTF_8, new String[] {"tokens"}),
              tf.constant(UTF_8, new String[] {"x", "label", "rgb", "grey"}),
              noStrings(tf),
              List.of(
                  tf.constant(new float[0]),
                  tf.constant(new long[0]),
                  noStrings(tf),
                  noStrings(tf)),
              1L,
              List.of(TInt64.class),
              List.of(),
              List.of(),
              List.of(Shape.of(3), Shape.scalar(), Shape.scalar(), Shape.scalar()));
      List<org.tensorflow.Output<?>> dense = parsed.denseValues();
      DecodePng<TUint8> rgbPixels =
          tf.image.decodePng(
              scalar(tf, dense.get(2)), new DecodePng.Options[] {DecodePng.channels(3L)});
      DecodePng<TUint8> greyPixels =
          tf.image.decodePng(
              scalar(tf, dense.get(3)), new DecodePng.Options[] {DecodePng.channels(1L)});
      // tf.image.convert_image_dtype(uint8 → float32): cast, times 1/255.
      Operand<TFloat32> rgbFloat =
          tf.math.mul(tf.dtypes.cast(rgbPixels, TFloat32.class), tf.constant(1f / 255));
      Operand<TFloat32> greyFloat =
          tf.math.mul(tf.dtypes.cast(greyPixels, TFloat32.class), tf.constant(1f / 255));
      s.runner().addTarget(init).run().close();
      while (true) {
        try (Result r =
            s.runner()
                .fetch(dense.get(0))
                .fetch(dense.get(1))
                .fetch(parsed.sparseValues().get(0))
                .fetch(rgbFloat)
                .fetch(greyFloat)
                .run()) {
          x.add(floats((TFloat32) r.get(0)));
          label.add(longs((TInt64) r.get(1)));
          tokens.add(longs((TInt64) r.get(2)));
          rgb.add(floats((TFloat32) r.get(3)));
          grey.add(floats((TFloat32) r.get(4)));
        } catch (TFOutOfRangeException end) {
          break;
        }
      }
    }

    assertThat(x).hasSize(N);
    float[] ourX = ((HostTensor.Floats) ours.get("x")).values();
    int[] ourLabel = ((HostTensor.Ints) ours.get("label")).values();
    int[] ourTokens = ((HostTensor.Ints) ours.get("tokens")).values();
    float[] ourMask = ((HostTensor.Floats) ours.get("tokens_mask")).values();
    float[] ourRgb = ((HostTensor.Floats) ours.get("rgb")).values();
    float[] ourGrey = ((HostTensor.Floats) ours.get("grey")).values();
    for (int i = 0; i < N; i++) {
      assertThat(java.util.Arrays.copyOfRange(ourX, 3 * i, 3 * i + 3))
          .as("x of %d", i)
          .containsExactly(x.get(i));
      assertThat((long) ourLabel[i]).as("label of %d", i).isEqualTo(label.get(i)[0]);
      long[] tfTokens = tokens.get(i);
      for (int k = 0; k < 4; k++) {
        boolean real = k < tfTokens.length;
        assertThat((long) ourTokens[4 * i + k])
            .as("token %d of %d", k, i)
            .isEqualTo(real ? tfTokens[k] : 0L);
        assertThat(ourMask[4 * i + k]).as("mask %d of %d", k, i).isEqualTo(real ? 1f : 0f);
      }
      assertThat(java.util.Arrays.copyOfRange(ourRgb, 60 * i, 60 * i + 60))
          .as("rgb of %d", i)
          .containsExactly(rgb.get(i));
      assertThat(java.util.Arrays.copyOfRange(ourGrey, 20 * i, 20 * i + 20))
          .as("grey of %d", i)
          .containsExactly(grey.get(i));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip"})
  void filesTensorFlowWritesReadThroughOurDataset(String compression) {
    List<Example> examples = examples();
    Path file = dir.resolve("tf.tfrecord");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      byte[][] serialized = examples.stream().map(Example::toByteArray).toArray(byte[][]::new);
      try (TString records = TString.tensorOfBytes(NdArrays.vectorOfObjects(serialized))) {
        Constant<TString> values = tf.constantOf(records);
        var dataset =
            tf.data.tensorSliceDataset(List.<Operand<?>>of(values), List.of(Shape.scalar()));
        var write =
            tf.data.datasetToTfRecord(
                dataset,
                tf.constant(file.toString()),
                tf.constant(compression.equals("gzip") ? "GZIP" : ""));
        s.runner().addTarget(write).run().close();
      }
    }
    Path copy = Fixtures.write(dir.resolve("ours.tfrecord"), examples, compression.equals("gzip"));

    Batch fromTf = ours(file, compression);
    Batch fromUs = ours(copy, compression);
    assertThat(fromTf.size()).isEqualTo(N);
    assertThat(fromTf.fields().keySet())
        .containsExactlyInAnyOrder("x", "label", "tokens", "tokens_mask", "rgb", "grey");
    fromUs
        .fields()
        .forEach(
            (name, t) -> {
              assertThat(fromTf.get(name).shape()).as(name).isEqualTo(t.shape());
              assertThat(values(fromTf.get(name))).as(name).isEqualTo(values(t));
            });
    // And the values are the ones written, not merely the same twice.
    assertThat(((HostTensor.Floats) fromTf.get("x")).values())
        .startsWith(0f, -0f, 0f, 1f, -0.5f, 1e-3f);
    assertThat(((HostTensor.Ints) fromTf.get("label")).values())
        .containsExactly(0, 1, 2, 0, 1, 2, 0);
  }

  @Test
  void gzipFilesWrittenByTensorFlowAreNotReadAsPlain() {
    // The compression is declared, not guessed, as in tf.data: a mismatch is an error naming the
    // file.
    List<Example> examples = examples();
    Path file = Fixtures.write(dir.resolve("z.tfrecord.gz"), examples, true);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ours(file, "none"))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("record 0 at byte 0: corrupt record: length CRC mismatch");
  }

  /**
   * TensorFlow's {@code TFRecordDataset} (V1) over {@code file}. Not {@code
   * tf.data.tfRecordDataset} (V2): TF 2.18's kernel serializes V2 with 3 of its 4 inputs when
   * MakeIterator finalizes the dataset ("3 inputs specified of 4 inputs"), whatever byte_offsets
   * holds. V1 is the same reader.
   */
  static Operand<?> tfRecordDataset(Ops tf, Path file, String compressionType) {
    return tf.scope()
        .opBuilder("TFRecordDataset", "TFRecordDataset")
        .addInput(tf.constant(UTF_8, new String[] {file.toString()}).asOutput())
        .addInput(tf.constant(compressionType).asOutput())
        .addInput(tf.constant(1L << 16).asOutput())
        .build()
        .output(0);
  }

  private static Operand<TString> noStrings(Ops tf) {
    return tf.constant(
        Shape.of(0), org.tensorflow.ndarray.buffer.DataBuffers.ofObjects(String.class, 0));
  }

  private static Object values(HostTensor t) {
    return t instanceof HostTensor.Floats f
        ? java.util.Arrays.toString(f.values())
        : java.util.Arrays.toString(((HostTensor.Ints) t).values());
  }

  @SuppressWarnings("unchecked")
  private static Operand<TString> scalar(Ops tf, org.tensorflow.Output<?> oneString) {
    return tf.reshape(
        (Operand<TString>) (Operand<? extends TType>) oneString, tf.constant(new long[0]));
  }

  private static float[] floats(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
    return out;
  }

  private static long[] longs(TInt64 t) {
    long[] out = new long[(int) t.shape().size()];
    t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
    return out;
  }
}
