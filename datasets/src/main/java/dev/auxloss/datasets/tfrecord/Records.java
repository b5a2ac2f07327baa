package dev.auxloss.datasets.tfrecord;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Split;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The records of {@code files} in their order, one pass, one file open and one record read at a
 * time. A record whose CRC fails goes to {@code bad}; a file whose framing is lost (a cut or
 * corrupt length) is abandoned there, keeping the records before the fault.
 */
final class Records implements Iterator<Records.Record> {
  /** One record's bytes and where it came from (for errors). */
  record Record(byte[] data, Path file, long index, long offset) {}

  private final Iterator<Path> files;
  private final Compression compression;
  private final String param;
  private final Split split;
  private final BadExamples bad;
  private TfRecordReader reader;
  private Record next;

  Records(List<Path> files, Compression compression, String param, Split split, BadExamples bad) {
    this.files = List.copyOf(files).iterator();
    this.compression = compression;
    this.param = param;
    this.split = split;
    this.bad = bad;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (reader != null) {
        byte[] data = read();
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

  /** The current file's next good record, or null at its end (or where its framing is lost). */
  private byte[] read() {
    while (true) {
      try {
        return reader.next();
      } catch (BadExample e) {
        if (reader.broken()) {
          bad.abandonFile(split, e);
          return null;
        }
        bad.reject(split, e);
      }
    }
  }

  @Override
  public Record next() {
    if (!hasNext()) throw new NoSuchElementException();
    Record r = next;
    next = null;
    return r;
  }
}
