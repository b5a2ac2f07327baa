package dev.auxloss.datasets.tfrecord;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * The records of a sequence of files, read one file and one record at a time: one ordered pass over
 * {@code files}, or endless epochs whose file order {@code epochOrder} gives (reshuffled per epoch).
 */
final class Records implements Iterator<Records.Record> {
  /** One record's bytes and where it came from (for errors). */
  record Record(byte[] data, Path file, long index, long offset) {}

  private final IntFunction<List<Path>> epochOrder;
  private final boolean endless;
  private final Compression compression;
  private final String param;
  private int epoch;
  private Iterator<Path> files;
  private TfRecordReader reader;
  private Record next;
  private boolean readThisEpoch; // an epoch without a record ends an endless stream instead of spinning

  private Records(IntFunction<List<Path>> epochOrder, boolean endless, Compression compression, String param) {
    this.epochOrder = epochOrder;
    this.endless = endless;
    this.compression = compression;
    this.param = param;
    this.files = epochOrder.apply(0).iterator();
  }

  /** One pass over {@code files} in their order. */
  static Records once(List<Path> files, Compression compression, String param) {
    return new Records(e -> files, false, compression, param);
  }

  /** Endless epochs, epoch {@code e} reading the files in the order {@code epochOrder.apply(e)}. */
  static Records endless(IntFunction<List<Path>> epochOrder, Compression compression, String param) {
    return new Records(epochOrder, true, compression, param);
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (reader != null) {
        byte[] data = reader.next();
        if (data != null) {
          next = new Record(data, reader.file(), reader.index(), reader.recordOffset());
          readThisEpoch = true;
          return true;
        }
        reader.close();
        reader = null;
      }
      if (!files.hasNext()) {
        if (!endless || !readThisEpoch) return false;
        readThisEpoch = false;
        files = epochOrder.apply(++epoch).iterator();
        if (!files.hasNext()) return false;
      }
      reader = TfRecordReader.open(files.next(), compression, param);
    }
    return true;
  }

  @Override
  public Record next() {
    if (!hasNext()) throw new NoSuchElementException();
    Record r = next;
    next = null;
    return r;
  }
}
