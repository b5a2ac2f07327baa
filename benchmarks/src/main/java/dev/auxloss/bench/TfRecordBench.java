package dev.auxloss.bench;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.Params;
import dev.auxloss.datasets.tfrecord.TfRecordDatasetFactory;
import dev.auxloss.tf.summary.TfRecordWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.io.ParseExample;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * {@code S9}: records/s of the project's TFRecord reader (the {@code tfrecord} dataset's ordered
 * TEST pass: framing, both CRCs, Example parsing, batches on the heap) over TensorFlow's own {@code
 * TFRecordDataset} → {@code BatchDataset} → {@code ParseExample} driven from Java (one {@code
 * Session.run} per batch, the parsed tensors fetched), on the same files: a pass each per round,
 * the order rotating (A B, B A, ...), median and spread of records/s. Records are
 * Fashion-MNIST-sized: {@code x: float[784]; label: int64}, uncompressed. Goal ≥ 1.0.
 */
final class TfRecordBench {
  private TfRecordBench() {}

  static final int FILES = 4;
  static final int PER_FILE = Integer.getInteger("s9.records", 2500);
  static final int BATCH = 256;
  static final int WIDTH = 784;

  static void run(Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("s9"));
    int records = FILES * PER_FILE;
    write(dir, records);
    List<Path> files = files(dir);
    DatasetFactory f = TfRecordDatasetFactory.FACTORY;
    Dataset ours =
        f.create(
            Params.parse(
                f.descriptor().params(),
                "train",
                dir + "/*.tfrecord",
                "test",
                dir + "/*.tfrecord",
                "features",
                "x: float[" + WIDTH + "]; label: int64",
                "verify",
                false));
    int rounds = Integer.getInteger("bench.rounds", 7);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      TfReader tf = new TfReader(g, files);
      Runnable a = () -> check(readOurs(ours), records);
      Runnable b = () -> check(tf.pass(s), records);
      Blocks.Times t = Blocks.alternate(1, rounds, 1, a, b);
      double[] oursRate = rates(t.wall()[0], records);
      double[] tfRate = rates(t.wall()[1], records);
      System.out.printf(
          Locale.ROOT,
          "S9 ratio=%.3f ours_records_per_s=%.0f [%.0f..%.0f] tf_records_per_s=%.0f [%.0f..%.0f] "
              + "cpu_ratio=%.3f goal>=1.0 records=%d files=%d features=float[%d]+int64 batch=%d rounds=%d load=%.1f%n",
          ProcessArms.median(t.wall()[1]) / ProcessArms.median(t.wall()[0]),
          median(oursRate),
          oursRate[0],
          oursRate[oursRate.length - 1],
          median(tfRate),
          tfRate[0],
          tfRate[tfRate.length - 1],
          ProcessArms.median(t.cpu()[1]) / ProcessArms.median(t.cpu()[0]),
          records,
          FILES,
          WIDTH,
          BATCH,
          rounds,
          Bench.load());
    }
  }

  static int readOurs(Dataset ds) {
    int n = 0;
    for (Iterator<Batch> it = ds.batches(Split.TEST, BATCH, 1); it.hasNext(); )
      n += it.next().size();
    return n;
  }

  static void check(int read, int expected) {
    if (read != expected)
      throw new IllegalStateException("read " + read + " records, expected " + expected);
  }

  /** Records/s of each round, sorted. */
  static double[] rates(double[] msPerPass, int records) {
    double[] r = Arrays.stream(msPerPass).map(ms -> records / (ms / 1000)).toArray();
    Arrays.sort(r);
    return r;
  }

  static double median(double[] sorted) {
    return sorted[sorted.length / 2];
  }

  /**
   * Writes {@code records} random records over {@link #FILES} files in {@code dir}; returns the
   * bytes written.
   */
  static long write(Path dir, int records) throws IOException {
    Random rnd = new Random(9);
    long bytes = 0;
    for (int f = 0; f < FILES; f++) {
      Path file = dir.resolve("part-" + f + ".tfrecord");
      try (OutputStream out = Files.newOutputStream(file)) {
        TfRecordWriter w = new TfRecordWriter(new java.io.BufferedOutputStream(out, 1 << 16));
        for (int i = f; i < records; i += FILES) {
          FloatList.Builder x = FloatList.newBuilder();
          for (int k = 0; k < WIDTH; k++) x.addValue(rnd.nextFloat());
          w.write(
              Example.newBuilder()
                  .setFeatures(
                      Features.newBuilder()
                          .putFeature("x", Feature.newBuilder().setFloatList(x).build())
                          .putFeature(
                              "label",
                              Feature.newBuilder()
                                  .setInt64List(Int64List.newBuilder().addValue(rnd.nextInt(10)))
                                  .build()))
                  .build()
                  .toByteArray());
        }
        w.flush();
      }
      bytes += Files.size(file);
    }
    return bytes;
  }

  static List<Path> files(Path dir) {
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < FILES; f++) files.add(dir.resolve("part-" + f + ".tfrecord"));
    return files;
  }

  /**
   * TensorFlow's reader: TFRecordDataset → BatchDataset → iterator → ParseExample, one run per
   * batch.
   */
  static final class TfReader {
    private final org.tensorflow.op.Op init;
    private final Output<?> x;
    private final Output<?> label;

    TfReader(Graph g, List<Path> files) {
      Ops tf = Ops.create(g);
      String[] names = files.stream().map(Path::toString).toArray(String[]::new);
      // V1 TFRecordDataset: TF 2.18 serializes V2 with 3 of its 4 inputs when MakeIterator
      // finalizes it.
      Output<?> records =
          tf.scope()
              .opBuilder("TFRecordDataset", "records")
              .addInput(tf.constant(StandardCharsets.UTF_8, names).asOutput())
              .addInput(tf.constant("").asOutput())
              .addInput(tf.constant(1L << 18).asOutput()) // tf.data's default read buffer (256 KiB)
              .build()
              .output(0);
      var batched =
          tf.data.batchDataset(
              records,
              tf.constant((long) BATCH),
              tf.constant(false),
              List.of(TString.class),
              List.of(Shape.of(-1)));
      var iterator = tf.data.iterator("s9", "", List.of(TString.class), List.of(Shape.of(-1)));
      init = tf.data.makeIterator(batched, iterator);
      @SuppressWarnings("unchecked")
      Operand<TString> serialized =
          (Operand<TString>)
              (Operand<?>)
                  tf.data
                      .iteratorGetNext(iterator, List.of(TString.class), List.of(Shape.of(-1)))
                      .components()
                      .get(0);
      Operand<TString> none = tf.constant(Shape.of(0), DataBuffers.ofObjects(String.class, 0));
      ParseExample parsed =
          tf.io.parseExample(
              serialized,
              none,
              none,
              tf.constant(StandardCharsets.UTF_8, new String[] {"x", "label"}),
              none,
              List.of(tf.constant(new float[0]), tf.constant(new long[0])),
              0L,
              List.of(),
              List.of(),
              List.of(),
              List.of(Shape.of(WIDTH), Shape.scalar()));
      x = parsed.denseValues().get(0);
      label = parsed.denseValues().get(1);
    }

    /** One pass over the files: the number of records parsed. */
    int pass(Session s) {
      s.runner().addTarget(init).run().close();
      int n = 0;
      while (true) {
        try (Result r = s.runner().fetch(x).fetch(label).run()) {
          n += (int) ((TInt64) r.get(1)).shape().get(0);
        } catch (TFOutOfRangeException end) {
          return n;
        }
      }
    }
  }
}
