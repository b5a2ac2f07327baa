package dev.auxloss.datasets.tfrecord;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Files of {@code tf.train.Example} records per split, streamed: TRAIN is endless epochs, each
 * reading the files in an order drawn from the seed and the epoch through a {@link ShuffleBuffer}
 * (as {@code list_files(shuffle=True)} ... {@code shuffle(buffer).repeat()} does: every record once
 * per epoch); VALIDATION and TEST are one pass in file order. Records are decoded when their batch
 * is made, so at most the shuffle buffer's raw records and one batch are in memory.
 */
final class TfRecordDataset implements Dataset {
  /** A split's files, the parameter that named them (for errors) and its record count. */
  record SplitFiles(String param, List<Path> files, int count) {
    SplitFiles {
      files = List.copyOf(files);
    }
  }

  private final Map<Split, SplitFiles> splits;
  private final Compression compression;
  private final List<FeatureSpec> features;
  private final ExampleDecoder decoder;
  private final List<ClassCount> classCounts;
  private final int shuffleBuffer;

  TfRecordDataset(
      Map<Split, SplitFiles> splits,
      Compression compression,
      List<FeatureSpec> features,
      ExampleDecoder decoder,
      List<ClassCount> classCounts,
      int shuffleBuffer) {
    this.splits = Map.copyOf(splits);
    this.compression = compression;
    this.features = List.copyOf(features);
    this.decoder = decoder;
    this.classCounts = List.copyOf(classCounts);
    this.shuffleBuffer = shuffleBuffer;
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
    SplitFiles s = splits.get(split);
    if (s == null) return Collections.emptyIterator();
    Iterator<Records.Record> records =
        split == Split.TRAIN
            ? new Epochs(
                epoch ->
                    new ShuffleBuffer<>(
                        new Records(shuffled(s.files(), seed, epoch), compression, s.param()),
                        shuffleBuffer,
                        seed * 0x9E3779B97F4A7C15L + epoch))
            : new Records(s.files(), compression, s.param());
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Batch next() {
        if (!records.hasNext()) throw new NoSuchElementException();
        ExampleDecoder.Rows rows = decoder.new Rows(batchSize);
        while (rows.count() < batchSize && records.hasNext()) {
          Records.Record r = records.next();
          rows.add(r.data(), new ExampleDecoder.Place(s.param(), r.file(), r.index(), r.offset()));
        }
        return rows.toBatch();
      }
    };
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
