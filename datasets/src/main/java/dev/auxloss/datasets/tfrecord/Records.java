package dev.auxloss.datasets.tfrecord;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The records of {@code files} in their order, one pass, one file open and one record read at a
 * time.
 */
final class Records implements Iterator<Records.Record> {
  /** One record's bytes and where it came from (for errors). */
  record Record(byte[] data, Path file, long index, long offset) {}

  private final Iterator<Path> files;
  private final Compression compression;
  private final String param;
  private TfRecordReader reader;
  private Record next;

  Records(List<Path> files, Compression compression, String param) {
    this.files = List.copyOf(files).iterator();
    this.compression = compression;
    this.param = param;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (reader != null) {
        byte[] data = reader.next();
        if (data != null) {
          next = new Record(data, reader.file(), reader.index(), reader.recordOffset());
          return true;
        }
        reader.close();
        reader = null;
      }
      if (!files.hasNext()) return false;
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
