package dev.auxloss.datasets.tfrecord;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.Shard;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Files of {@code tf.train.Example} records per split, streamed: TRAIN is endless epochs, each
 * reading the files in an order drawn from the seed and the epoch through a {@link ShuffleBuffer}
 * (as {@code list_files(shuffle=True)} ... {@code shuffle(buffer).repeat()} does: every record once
 * per epoch); VALIDATION and TEST are one pass in file order. Records are decoded when their batch
 * is made, so at most the shuffle buffer's raw records and one batch are in memory. A bad record
 * goes to the {@link BadExamples} policy: it stops the run or is left out of its batch.
 *
 * <p>On a cluster of n workers, worker i's TRAIN epochs read files i, i+n, ... of the sorted list
 * when there are at least n files (tf.data's {@code shard} on a file dataset), else every file,
 * keeping the records k with k mod n = i of each epoch's shared order; each worker then shuffles
 * its own share.
 */
final class TfRecordDataset implements Dataset {
  /**
   * A split's files, the parameter that named them (for errors), its split, its good records per
   * file (every record when they were not verified) and all the records its files frame.
   */
  record SplitFiles(String param, Split split, List<Path> files, int[] fileCounts, long records) {
    SplitFiles {
      files = List.copyOf(files);
      if (fileCounts.length != files.size()) throw new IllegalArgumentException("a count per file");
    }

    int count() {
      long n = 0;
      for (int c : fileCounts) n += c;
      return (int) Math.min(Integer.MAX_VALUE, n);
    }
  }

  private final Map<Split, SplitFiles> splits;
  private final Compression compression;
  private final List<FeatureSpec> features;
  private final ExampleDecoder decoder;
  private final List<ClassCount> classCounts;
  private final int shuffleBuffer;
  private final BadExamples bad;

  TfRecordDataset(
      Map<Split, SplitFiles> splits,
      Compression compression,
      List<FeatureSpec> features,
      ExampleDecoder decoder,
      List<ClassCount> classCounts,
      int shuffleBuffer,
      BadExamples bad) {
    this.splits = Map.copyOf(splits);
    this.compression = compression;
    this.features = List.copyOf(features);
    this.decoder = decoder;
    this.classCounts = List.copyOf(classCounts);
    this.shuffleBuffer = shuffleBuffer;
    this.bad = bad;
  }

  @Override
  public List<TensorSpec> specs() {
    return features.stream().flatMap(f -> f.specs().stream()).toList();
  }

  @Override
  public int size(Split split) {
    SplitFiles s = splits.get(split);
    return s == null ? 0 : s.count();
  }

  @Override
  public Iterator<Batch> batches(Split split, int batchSize, long seed) {
    return batches(split, batchSize, seed, Shard.ALONE);
  }

  /** TRAIN is sharded by file or by record (see the class comment); the other splits are whole. */
  @Override
  public Iterator<Batch> batches(Split split, int batchSize, long seed, Shard shard) {
    SplitFiles s = splits.get(split);
    if (s == null) return Collections.emptyIterator();
    if (split != Split.TRAIN) {
      return new Decoded(s, new Records(s.files(), compression, s.param(), split, bad), batchSize);
    }
    requireRecords(s, shard);
    Iterator<Records.Record> records =
        new Epochs(
            epoch ->
                new ShuffleBuffer<>(
                    epoch(s, seed, epoch, shard),
                    shuffleBuffer,
                    seed * 0x9E3779B97F4A7C15L + epoch));
    return new Decoded(s, records, batchSize);
  }

  /**
   * Worker {@code shard}'s records of {@code epoch} of {@code split}, before the shuffle buffer.
   */
  Iterator<Records.Record> epoch(Split split, long seed, int epoch, Shard shard) {
    return epoch(splits.get(split), seed, epoch, shard);
  }

  private Iterator<Records.Record> epoch(SplitFiles s, long seed, int epoch, Shard shard) {
    if (s.files().size() >= shard.count()) {
      return new Records(
          shuffled(ownFiles(s.files(), shard), seed, epoch),
          compression,
          s.param(),
          s.split(),
          bad);
    }
    return shard.roundRobin(
        new Records(shuffled(s.files(), seed, epoch), compression, s.param(), s.split(), bad));
  }

  /** Files index, index+count, ... of the sorted list. */
  static <T> List<T> ownFiles(List<T> files, Shard shard) {
    List<T> own = new ArrayList<>();
    for (int i = shard.index(); i < files.size(); i += shard.count()) own.add(files.get(i));
    return own;
  }

  /** A worker whose share holds no record would wait forever for its first batch: say so now. */
  private static void requireRecords(SplitFiles s, Shard shard) {
    String why = null;
    if (s.files().size() >= shard.count()) {
      long n = 0;
      for (int i = shard.index(); i < s.files().size(); i += shard.count()) n += s.fileCounts()[i];
      if (n == 0) {
        why =
            "its files "
                + ownFiles(s.files(), shard)
                + " hold none (each worker reads every n-th file when there are at least as many"
                + " files as workers)";
      }
    } else if (s.count() <= shard.index()) {
      why = "the split holds " + s.count() + " record(s) and each worker keeps every n-th one";
    }
    if (why != null) {
      throw new ConfigException(
          ConfigError.of(
              s.param(),
              "worker "
                  + shard.index()
                  + " of "
                  + shard.count()
                  + " gets no training record: "
                  + why));
    }
  }

  /**
   * Batches decoded from {@code records}; a bad record is left out (or stops the run), and a batch
   * is made only when a record decodes, so no batch is empty.
   */
  private final class Decoded implements Iterator<Batch> {
    private final SplitFiles s;
    private final Iterator<Records.Record> records;
    private final int batchSize;
    private Batch next;

    Decoded(SplitFiles s, Iterator<Records.Record> records, int batchSize) {
      this.s = s;
      this.records = records;
      this.batchSize = batchSize;
    }

    @Override
    public boolean hasNext() {
      if (next != null) return true;
      ExampleDecoder.Rows rows = decoder.new Rows(batchSize);
      long rejectedInARow = 0;
      while (rows.count() < batchSize && records.hasNext()) {
        Records.Record r = records.next();
        try {
          rows.add(r.data(), new ExampleDecoder.Place(s.param(), r.file(), r.index(), r.offset()));
          rejectedInARow = 0;
        } catch (BadExample e) {
          bad.reject(s.split(), e);
          // An endless TRAIN stream of bad records only (verify: false) must not spin forever.
          if (++rejectedInARow > s.records()) throw noGoodRecord(s);
        }
      }
      if (rows.count() > 0) next = rows.toBatch();
      return next != null;
    }

    @Override
    public Batch next() {
      if (!hasNext()) throw new NoSuchElementException();
      Batch b = next;
      next = null;
      return b;
    }
  }

  static ConfigException noGoodRecord(SplitFiles s) {
    return new ConfigException(
        ConfigError.of(
            s.param(),
            "split "
                + s.split().name().toLowerCase(Locale.ROOT)
                + " has no examples: every record of its "
                + s.files().size()
                + " file(s) is bad (on_bad_example: SKIP skipped them)"));
  }

  @Override
  public List<ClassCount> classCounts() {
    return classCounts;
  }

  @Override
  public Map<String, Double> modelHints() {
    return classCounts.isEmpty()
        ? Map.of()
        : Map.of(classCounts.get(0).modelParam(), (double) classCounts.get(0).classes());
  }

  /** Epoch after epoch of {@code epoch}'s records; ends only if an epoch has none. */
  private static final class Epochs implements Iterator<Records.Record> {
    private final java.util.function.IntFunction<Iterator<Records.Record>> epochs;
    private int epoch;
    private Iterator<Records.Record> current;
    private boolean readThisEpoch;

    Epochs(java.util.function.IntFunction<Iterator<Records.Record>> epochs) {
      this.epochs = epochs;
      this.current = epochs.apply(0);
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        if (!readThisEpoch) return false;
        readThisEpoch = false;
        current = epochs.apply(++epoch);
      }
      return true;
    }

    @Override
    public Records.Record next() {
      if (!hasNext()) throw new NoSuchElementException();
      readThisEpoch = true;
      return current.next();
    }
  }

  /** The files of {@code epoch} in an order drawn from {@code seed} and the epoch. */
  static List<Path> shuffled(List<Path> files, long seed, int epoch) {
    List<Path> order = new ArrayList<>(files);
    Collections.shuffle(order, new Random(seed * 0x9E3779B97F4A7C15L + epoch));
    return order;
  }
}
