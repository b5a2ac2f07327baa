package dev.auxloss.datasets.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;

/**
 * {@code on_bad_example: SKIP} on TFRecord files: a bad record is left out and counted once, a cut
 * file is read up to the cut; FAIL (the default) stops at the same records.
 */
class SkipBadRecordsTest {
  @TempDir Path dir;

  private final BadExamples skip = BadExamples.of(BadExamples.Policy.SKIP);

  /** 10 training examples (ids 0..9) in train.tfrecord, 5 test examples (ids 100..104). */
  private List<Example> train;

  private Path trainFile;

  void write(List<Example> test) {
    train = TfRecordDatasetTest.examples(0, 10);
    trainFile = Fixtures.write(dir.resolve("train.tfrecord"), train, false);
    Fixtures.write(dir.resolve("test.tfrecord"), test, false);
  }

  TfRecordDataset create(BadExamples bad, Object... more) {
    List<Object> args =
        new ArrayList<>(
            List.of(
                "train",
                dir + "/train.tfrecord",
                "test",
                dir + "/test.tfrecord",
                "features",
                TfRecordDatasetTest.FEATURES,
                "classes",
                3));
    args.addAll(List.of(more));
    return TfRecordDatasetFactory.create(
        Params.parse(TfRecordDatasetFactory.DESCRIPTOR.params(), args.toArray()), bad);
  }

  /** Flips a byte of record {@code record}'s data: its data CRC no longer matches. */
  void corruptData(int record) throws IOException {
    byte[] bytes = Files.readAllBytes(trainFile);
    bytes[(int) Fixtures.offsetOf(train, record) + 12 + 3] ^= 0x40;
    Files.write(trainFile, bytes);
  }

  static List<Integer> ids(Iterator<Batch> it, int n) {
    List<Integer> out = new ArrayList<>();
    while (out.size() < n && it.hasNext())
      for (int id : TfRecordDatasetTest.ids(it.next())) out.add(id);
    return out;
  }

  @Test
  void aRecordWithABadCrcIsSkippedAndCountedOnceOverEpochs() throws IOException {
    write(TfRecordDatasetTest.examples(100, 105));
    corruptData(4);
    assertThatThrownBy(() -> create(BadExamples.failing()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(trainFile + ": record 4 at byte " + Fixtures.offsetOf(train, 4))
        .hasMessageContaining("corrupt record: data CRC mismatch");

    TfRecordDataset ds = create(skip);
    assertThat(ds.size(Split.TRAIN)).isEqualTo(9);
    List<Integer> threeEpochs = ids(ds.batches(Split.TRAIN, 4, 1), 27);
    List<Integer> good = IntStream.range(0, 10).filter(i -> i != 4).boxed().toList();
    for (int e = 0; e < 3; e++)
      assertThat(threeEpochs.subList(9 * e, 9 * e + 9)).containsExactlyInAnyOrderElementsOf(good);
    assertThat(skip.counts()).isEqualTo(Map.of("train", Map.of("corrupt_record", 1L)));
    assertThat(skip.takeWarnings())
        .singleElement()
        .asString()
        .contains("skipped a bad example (corrupt_record): train: " + trainFile + ": record 4");
  }

  @Test
  void aRecordWithAMissingFeatureIsLeftOutOfItsBatch() {
    List<Example> test = new ArrayList<>(TfRecordDatasetTest.examples(100, 105));
    test.set(2, Fixtures.example("id", 102L, "x", new float[] {1, 2}));
    write(test);
    TfRecordDataset ds = create(skip);
    assertThat(ds.size(Split.TEST)).isEqualTo(4);
    assertThat(ids(ds.batches(Split.TEST, 2, 1), 100)).containsExactly(100, 101, 103, 104);
    assertThat(skip.counts()).isEqualTo(Map.of("test", Map.of("missing_feature", 1L)));
  }

  @Test
  void withoutVerifyABadRecordMetInTrainingIsSkippedThere() {
    List<Example> test = new ArrayList<>(TfRecordDatasetTest.examples(100, 105));
    test.set(3, Fixtures.example("id", 103L, "label", 7L, "x", new float[] {1, 2}));
    write(test);
    TfRecordDataset ds = create(skip, "verify", false);
    assertThat(skip.skipped()).isZero();
    assertThat(ids(ds.batches(Split.TEST, 2, 1), 100)).containsExactly(100, 101, 102, 104);
    assertThat(skip.counts()).isEqualTo(Map.of("test", Map.of("unknown_label", 1L)));
  }

  @Test
  void aCutLengthEndsTheFileKeepingTheRecordsBeforeAndWarnsWithItsName() throws IOException {
    write(TfRecordDatasetTest.examples(100, 105));
    try (FileChannel ch = FileChannel.open(trainFile, StandardOpenOption.WRITE)) {
      ch.truncate(Fixtures.offsetOf(train, 7) + 5); // record 7's length field is cut
    }
    assertThatThrownBy(() -> create(BadExamples.failing()))
        .hasMessageContaining(trainFile + ": record 7 at byte ")
        .hasMessageContaining("truncated file");
    TfRecordDataset ds = create(skip);
    assertThat(ds.size(Split.TRAIN)).isEqualTo(7);
    assertThat(ids(ds.batches(Split.TRAIN, 7, 1), 14).subList(0, 7))
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
    assertThat(skip.counts()).isEqualTo(Map.of("train", Map.of("truncated_file", 1L)));
    assertThat(skip.takeWarnings())
        .singleElement()
        .asString()
        .startsWith("stopped reading a file")
        .contains(trainFile.toString());
  }

  @Test
  void aSplitWhoseEveryRecordIsBadIsStillAnError() {
    List<Example> test = new ArrayList<>();
    for (int i = 0; i < 3; i++) test.add(Fixtures.example("id", (long) i));
    write(test);
    assertThatThrownBy(() -> create(skip))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "test: split test has no examples: every record of its 1 file(s) is bad");
    assertThat(skip.counts()).isEqualTo(Map.of("test", Map.of("missing_feature", 3L)));
  }
}
