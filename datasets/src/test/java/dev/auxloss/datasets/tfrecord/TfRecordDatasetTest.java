package dev.auxloss.datasets.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.Example;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The tfrecord dataset: splits, order, epochs, and bad data named by file, record and feature. */
class TfRecordDatasetTest {
  static final String FEATURES = "id: int64; label: int64; x: float[2]";

  @TempDir Path dir;

  /** Example i: id i, label i % 3, x [i, -i]. */
  static List<Example> examples(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(
            i ->
                Fixtures.example("id", (long) i, "label", (long) (i % 3), "x", new float[] {i, -i}))
        .toList();
  }

  /** 30 training examples in 3 files (ids 0..29), 5 test examples (ids 100..104). */
  void writeSplits() {
    for (int f = 0; f < 3; f++)
      Fixtures.write(dir.resolve("train-" + f + ".tfrecord"), examples(10 * f, 10 * f + 10), false);
    Fixtures.write(dir.resolve("test.tfrecord"), examples(100, 105), false);
  }

  TfRecordDataset create(Object... more) {
    List<Object> args =
        new ArrayList<>(
            List.of(
                "train",
                dir + "/train-*.tfrecord",
                "test",
                dir + "/test.tfrecord",
                "features",
                FEATURES,
                "classes",
                3));
    args.addAll(List.of(more));
    return TfRecordDatasetFactory.create(
        Params.parse(TfRecordDatasetFactory.DESCRIPTOR.params(), args.toArray()));
  }

  static int[] ids(Batch b) {
    return ((HostTensor.Ints) b.get("id")).values();
  }

  @Test
  void declaresItsFieldsSizesAndClassCount() {
    writeSplits();
    TfRecordDataset ds =
        create("features", "id: int64; label: int64; x: float[2]; tokens: int64[var 3]");
    assertThat(ds.specs())
        .containsExactly(
            new TensorSpec("id", TInt32.class, Shape.scalar()),
            new TensorSpec("label", TInt32.class, Shape.scalar()),
            new TensorSpec("x", TFloat32.class, Shape.of(2)),
            new TensorSpec("tokens", TInt32.class, Shape.of(3)),
            new TensorSpec("tokens_mask", TFloat32.class, Shape.of(3)));
    assertThat(ds.size(Split.TRAIN)).isEqualTo(30);
    assertThat(ds.size(Split.TEST)).isEqualTo(5);
    assertThat(ds.size(Split.VALIDATION)).isZero();
    assertThat(ds.batches(Split.VALIDATION, 4, 1).hasNext()).isFalse();
    assertThat(ds.classCounts()).containsExactly(new ClassCount("label", 3, "num_classes"));
    assertThat(ds.modelHints()).isEqualTo(Map.of("num_classes", 3.0));
  }

  @Test
  void testIsOneOrderedPassWithAShortLastBatch() {
    writeSplits();
    Iterator<Batch> it = create().batches(Split.TEST, 2, 99);
    List<Integer> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    it.forEachRemaining(
        b -> {
          sizes.add(b.size());
          for (int id : ids(b)) seen.add(id);
        });
    assertThat(seen).containsExactly(100, 101, 102, 103, 104);
    assertThat(sizes).containsExactly(2, 2, 1);
  }

  @Test
  void trainIsEndlessEveryEpochAReshuffledPermutationReproducibleFromTheSeed() {
    writeSplits();
    TfRecordDataset ds = create("shuffle_buffer", 8);
    List<List<Integer>> epochs = epochs(ds, 7, 3);
    for (List<Integer> e : epochs)
      assertThat(e).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 30).boxed().toList());
    assertThat(epochs.get(0))
        .isNotEqualTo(IntStream.range(0, 30).boxed().toList())
        .isNotEqualTo(epochs.get(1));
    assertThat(epochs(ds, 7, 3)).isEqualTo(epochs);
    assertThat(epochs(ds, 8, 3)).isNotEqualTo(epochs);
  }

  /**
   * The first {@code n} epochs of TRAIN ids, batches of 4 (they straddle epochs, as
   * repeat().batch() does).
   */
  static List<List<Integer>> epochs(TfRecordDataset ds, long seed, int n) {
    Iterator<Batch> it = ds.batches(Split.TRAIN, 4, seed);
    List<Integer> all = new ArrayList<>();
    while (all.size() < 30 * n) for (int id : ids(it.next())) all.add(id);
    List<List<Integer>> out = new ArrayList<>();
    for (int e = 0; e < n; e++) out.add(all.subList(30 * e, 30 * e + 30));
    return out;
  }

  @Test
  void aShuffleBufferOfOneKeepsRecordOrderWithinEachFile() {
    writeSplits();
    List<Integer> epoch = epochs(create("shuffle_buffer", 1), 3, 1).get(0);
    for (int f = 0; f < 3; f++) {
      int start = epoch.indexOf(10 * f);
      assertThat(epoch.subList(start, start + 10))
          .containsExactlyElementsOf(IntStream.range(10 * f, 10 * f + 10).boxed().toList());
    }
  }

  @Test
  void readsGzipSplits() {
    Fixtures.write(dir.resolve("train.tfrecord.gz"), examples(0, 4), true);
    TfRecordDataset ds =
        TfRecordDatasetFactory.create(
            Params.parse(
                TfRecordDatasetFactory.DESCRIPTOR.params(),
                "train",
                dir + "/*.gz",
                "features",
                FEATURES,
                "compression",
                "gzip"));
    assertThat(ds.size(Split.TRAIN)).isEqualTo(4);
    assertThat(ds.classCounts()).isEmpty();
  }

  // ---- bad data: ConfigExceptions naming the parameter, file, record and feature

  ConfigException error(Object... params) {
    try {
      create(params);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("no ConfigException");
  }

  @Test
  void aGlobMatchingNoFileIsNamed() {
    writeSplits();
    ConfigException e = error("test", dir + "/nothing-*.tfrecord");
    assertThat(e.errors())
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("test");
              assertThat(err.message())
                  .isEqualTo("'" + dir + "/nothing-*.tfrecord' matches no file");
            });
    assertThat(error("test", dir + "/missing/*.tfrecord").getMessage())
        .contains(dir + "/missing: no such directory");
  }

  @Test
  void aSplitWithNoExamplesIsNamed() {
    writeSplits();
    Fixtures.write(dir.resolve("empty.tfrecord"), List.of(), false);
    assertThat(error("test", dir + "/empty.tfrecord").getMessage())
        .contains(
            "test: split test has no examples: the 1 file(s) '"
                + dir
                + "/empty.tfrecord' matches hold no record");
  }

  @Test
  void aMissingFeatureNamesTheRecordAndTheFeature() {
    writeSplits();
    List<Example> bad = new ArrayList<>(examples(100, 105));
    bad.set(3, Fixtures.example("id", 103L, "x", new float[] {1, 2}));
    Path test = Fixtures.write(dir.resolve("test.tfrecord"), bad, false);
    assertThat(error().getMessage())
        .contains(
            "test: "
                + test
                + ": record 3 at byte "
                + Fixtures.offsetOf(bad, 3)
                + ": feature 'label' is missing (declared label: int64)");
  }

  @Test
  void aWronglyTypedFeatureNamesTheRecordTheFeatureAndBothTypes() {
    writeSplits();
    List<Example> bad = new ArrayList<>(examples(100, 105));
    bad.set(1, Fixtures.example("id", 101L, "label", new float[] {1}, "x", new float[] {1, 2}));
    Fixtures.write(dir.resolve("test.tfrecord"), bad, false);
    assertThat(error().getMessage())
        .contains("record 1 at byte ")
        .contains("feature 'label' is a float_list, declared int64 (int64_list)");
  }

  @Test
  void aFixedFeatureWithTheWrongCountIsNamed() {
    writeSplits();
    List<Example> bad = new ArrayList<>(examples(100, 105));
    bad.set(4, Fixtures.example("id", 104L, "label", 1L, "x", new float[] {1, 2, 3}));
    Fixtures.write(dir.resolve("test.tfrecord"), bad, false);
    assertThat(error().getMessage())
        .contains("record 4 at byte ")
        .contains("feature 'x' holds 3 values, its declared shape [2] needs 2");
  }

  @Test
  void aLabelOutOfRangeIsNamed() {
    writeSplits();
    List<Example> bad = new ArrayList<>(examples(100, 105));
    bad.set(2, Fixtures.example("id", 102L, "label", 3L, "x", new float[] {1, 2}));
    Fixtures.write(dir.resolve("test.tfrecord"), bad, false);
    assertThat(error().getMessage())
        .contains("record 2 at byte ")
        .contains("feature 'label': label 3 is outside [0, 3) (classes: 3)");
  }

  @Test
  void anUndecodableImageIsNamed() {
    Path file =
        Fixtures.write(
            dir.resolve("img.tfrecord"),
            List.of(
                Fixtures.example("image", Fixtures.png(4, 4, 1, 1)),
                Fixtures.example("image", new byte[] {1, 2, 3})),
            false);
    assertThatThrownBy(
            () ->
                TfRecordDatasetFactory.create(
                    Params.parse(
                        TfRecordDatasetFactory.DESCRIPTOR.params(),
                        "train",
                        file.toString(),
                        "features",
                        "image: image[4,4,1]")))
        .hasMessageContaining("train: " + file + ": record 1 at byte ")
        .hasMessageContaining("feature 'image': not a PNG or JPEG image (3 bytes)");
  }

  @Test
  void everySplitsProblemIsReportedAtOnce() {
    writeSplits();
    ConfigException e = error("test", dir + "/none-*", "validation", dir + "/nope-*");
    assertThat(e.errors()).extracting(err -> err.field()).containsExactly("validation", "test");
  }

  @Test
  void withoutVerifyRecordsAreCountedBySkippingAndABadOneFailsWhenReached() throws Exception {
    writeSplits();
    List<Example> bad = new ArrayList<>(examples(100, 105));
    bad.set(3, Fixtures.example("id", 103L));
    Fixtures.write(dir.resolve("test.tfrecord"), bad, false);
    TfRecordDataset ds = create("verify", false);
    assertThat(ds.size(Split.TEST)).isEqualTo(5);
    Iterator<Batch> it = ds.batches(Split.TEST, 2, 1);
    assertThat(ids(it.next())).containsExactly(100, 101);
    assertThatThrownBy(it::next)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("record 3 at byte ")
        .hasMessageContaining("feature 'label' is missing");
    assertThat(Files.exists(dir.resolve("test.tfrecord"))).isTrue();
  }

  @Test
  void theLabelMustBeADeclaredInt64Scalar() {
    writeSplits();
    assertThat(error("label", "y").getMessage())
        .contains("label: 'y' is not a declared field; fields: [id, label, x]");
    assertThat(error("label", "x").getMessage())
        .contains(
            "the label 'x' must be declared an int64 scalar ('x: int64'), found 'x: float[2]'");
  }
}
