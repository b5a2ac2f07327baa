package dev.auxloss.datasets.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Shard;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;

/**
 * TRAIN on a cluster of two workers, in process: by file with at least as many files as workers, by
 * record with fewer; the workers' shares are disjoint and cover every record each epoch.
 */
class TfRecordShardTest {
  @TempDir Path dir;

  /** {@code files} files of {@code per} examples, ids 0.. in file order. */
  TfRecordDataset create(int files, int per) {
    for (int f = 0; f < files; f++) {
      Fixtures.write(
          dir.resolve("train-" + f + ".tfrecord"),
          TfRecordDatasetTest.examples(per * f, per * f + per),
          false);
    }
    return TfRecordDatasetFactory.create(
        Params.parse(
            TfRecordDatasetFactory.DESCRIPTOR.params(),
            "train",
            dir + "/train-*.tfrecord",
            "features",
            TfRecordDatasetTest.FEATURES,
            "shuffle_buffer",
            4));
  }

  static List<Integer> epochIds(TfRecordDataset ds, int epoch, Shard shard) {
    List<Integer> out = new ArrayList<>();
    for (Iterator<Records.Record> it = ds.epoch(Split.TRAIN, 5, epoch, shard); it.hasNext(); ) {
      try {
        out.add(
            (int)
                Example.parseFrom(it.next().data())
                    .getFeatures()
                    .getFeatureMap()
                    .get("id")
                    .getInt64List()
                    .getValue(0));
      } catch (InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  static void assertDisjointAndCovering(List<Integer> a, List<Integer> b, int total) {
    Set<Integer> both = new HashSet<>(a);
    both.retainAll(b);
    assertThat(both).isEmpty();
    List<Integer> all = new ArrayList<>(a);
    all.addAll(b);
    assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.range(0, total).boxed().toList());
  }

  @Test
  void withAsManyFilesAsWorkersEachWorkerReadsEveryNthFile() {
    TfRecordDataset ds = create(3, 4); // files 0..2: ids 0-3, 4-7, 8-11
    for (int epoch = 0; epoch < 2; epoch++) {
      List<Integer> w0 = epochIds(ds, epoch, new Shard(0, 2));
      List<Integer> w1 = epochIds(ds, epoch, new Shard(1, 2));
      assertThat(w0).containsExactlyInAnyOrder(0, 1, 2, 3, 8, 9, 10, 11); // files 0 and 2
      assertThat(w1).containsExactly(4, 5, 6, 7); // file 1
      assertDisjointAndCovering(w0, w1, 12);
    }
  }

  @Test
  void withFewerFilesThanWorkersEachWorkerKeepsEveryNthRecord() {
    TfRecordDataset ds = create(1, 9);
    List<Integer> w0 = epochIds(ds, 0, new Shard(0, 2));
    List<Integer> w1 = epochIds(ds, 0, new Shard(1, 2));
    assertThat(w0).containsExactly(0, 2, 4, 6, 8);
    assertThat(w1).containsExactly(1, 3, 5, 7);
    assertDisjointAndCovering(w0, w1, 9);
  }

  @Test
  void theTrainingBatchesOfAWorkerHoldOnlyItsShareEpochAfterEpoch() {
    TfRecordDataset ds = create(1, 9);
    Iterator<Batch> it = ds.batches(Split.TRAIN, 2, 5, new Shard(1, 2));
    List<Integer> seen = new ArrayList<>();
    while (seen.size() < 12) for (int id : TfRecordDatasetTest.ids(it.next())) seen.add(id);
    assertThat(seen.subList(0, 4)).containsExactlyInAnyOrder(1, 3, 5, 7);
    assertThat(seen.subList(4, 8)).containsExactlyInAnyOrder(1, 3, 5, 7);
    // Alone, the same call reads everything.
    Iterator<Batch> alone = ds.batches(Split.TRAIN, 9, 5, Shard.ALONE);
    assertThat(TfRecordDatasetTest.ids(alone.next())).hasSize(9).doesNotHaveDuplicates();
  }

  @Test
  void aWorkerWhoseFilesHoldNoRecordIsToldBeforeTraining() {
    create(1, 3);
    Fixtures.write(dir.resolve("train-1.tfrecord"), List.of(), false);
    TfRecordDataset ds = create(0, 0);
    assertThatThrownBy(() -> ds.batches(Split.TRAIN, 2, 5, new Shard(1, 2)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("train: worker 1 of 2 gets no training record: its files [")
        .hasMessageContaining("train-1.tfrecord] hold none");
  }
}
