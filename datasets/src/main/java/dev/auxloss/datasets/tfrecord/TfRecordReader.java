package dev.auxloss.datasets.tfrecord;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.ZipException;

/**
 * Reads one TFRecord file front to back, one record in memory at a time, verifying each record's
 * framing and both CRCs:
 *
 * <pre>
 * uint64 length            little endian
 * uint32 masked_crc32c(length)
 * byte   data[length]
 * uint32 masked_crc32c(data)
 * </pre>
 *
 * The CRC is CRC-32C ({@link CRC32C}) masked as TensorFlow does: {@code ((crc >>> 15) | (crc <<
 * 17)) + 0xa282ead8}. A bad CRC or a truncated record is a {@link BadExample} under {@code field},
 * naming the file and the record's byte offset (in the uncompressed stream for gzip files); after a
 * bad data CRC the reader goes on with the next record, after a bad length or a cut one it is
 * {@link #broken()} (nothing after can be found). A file that is not what {@code compression} says
 * is a {@link ConfigException}.
 *
 * <pre>{@code
 * try (TfRecordReader r = TfRecordReader.open(path, Compression.NONE, "train")) {
 *   for (byte[] rec; (rec = r.next()) != null; ) Example.parseFrom(rec);
 * }
 * }</pre>
 */
final class TfRecordReader implements AutoCloseable {
  private static final int MASK_DELTA = 0xa282ead8;

  /** Java arrays end here; TensorFlow's own records are far smaller. */
  private static final long MAX_LENGTH = Integer.MAX_VALUE - 16;

  private final Path file;
  private final Compression compression;
  private final String field;
  private final DataInputStream in;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private long offset; // of the next record
  private long recordOffset; // of the record last returned
  private long index = -1; // of the record last returned
  private boolean broken; // the framing is lost: no record after this point can be found

  private TfRecordReader(Path file, Compression compression, String field, InputStream in) {
    this.file = file;
    this.compression = compression;
    this.field = field;
    this.in = new DataInputStream(in);
  }

  /** Opens {@code file}; {@code field} is the parameter errors are reported under. */
  static TfRecordReader open(Path file, Compression compression, String field) {
    InputStream raw = null;
    try {
      // FileInputStream: closed by its cleaner if an abandoned iterator never reaches the end.
      raw = new FileInputStream(file.toFile());
      return new TfRecordReader(
          file, compression, field, new BufferedInputStream(compression.wrap(raw), 1 << 16));
    } catch (IOException e) {
      closeQuietly(raw);
      throw error(
          file,
          compression == Compression.GZIP && e instanceof ZipException
              ? "not a gzip file (compression is 'gzip'; write compression: \"none\" for plain TFRecord files)"
              : "cannot read: " + ConfigError.reason(e),
          field);
    }
  }

  /** The next record's bytes, or null at the end of the file. */
  byte[] next() {
    if (!readHeader()) return null;
    byte[] data = new byte[(int) length()];
    readFully(data, "data");
    readFully(footer, "data CRC");
    int stored = le32(footer, 0);
    int computed = maskedCrc32c(data, 0, data.length);
    offset += 12 + data.length + 4L; // the framing holds: the next record can still be read
    if (stored != computed) throw corrupt("data CRC", stored, computed);
    return data;
  }

  /**
   * Skips the next record without reading its data into memory (its length is still verified);
   * false at the end.
   */
  boolean skip() {
    if (!readHeader()) return false;
    long n = length() + 4;
    try {
      long left = n;
      while (left > 0) {
        long s = in.skip(left);
        if (s <= 0) {
          if (in.read() < 0) throw truncated("data", n - left, n);
          s = 1;
        }
        left -= s;
      }
    } catch (IOException e) {
      throw ioError(e);
    }
    offset += 12 + n;
    return true;
  }

  Path file() {
    return file;
  }

  /**
   * Whether the last {@link BadExample} lost the framing, so the rest of the file is unreadable.
   */
  boolean broken() {
    return broken;
  }

  /** Index in the file of the record last returned or skipped (0 for the first). */
  long index() {
    return index;
  }

  /** Byte offset of the record last returned or skipped. */
  long recordOffset() {
    return recordOffset;
  }

  /** Reads and checks the 12-byte header; false at a clean end of file. */
  private boolean readHeader() {
    int first;
    try {
      first = in.read();
    } catch (IOException e) {
      throw ioError(e);
    }
    if (first < 0) return false;
    recordOffset = offset;
    index++;
    header[0] = (byte) first;
    try {
      int got = 1;
      while (got < 12) {
        int r = in.read(header, got, 12 - got);
        if (r < 0) throw truncated("header", got, 12);
        got += r;
      }
    } catch (IOException e) {
      throw ioError(e);
    }
    int stored = le32(header, 8);
    int computed = maskedCrc32c(header, 0, 8);
    if (stored != computed) {
      broken = true;
      throw corrupt("length CRC", stored, computed);
    }
    long length = length();
    if (length < 0 || length > MAX_LENGTH) {
      broken = true;
      throw new BadExample(
          BadExample.CORRUPT_RECORD,
          field,
          file
              + ": "
              + at()
              + "corrupt record: length "
              + Long.toUnsignedString(length)
              + " is too large");
    }
    return true;
  }

  private long length() {
    long v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | (header[i] & 0xff);
    return v;
  }

  private void readFully(byte[] b, String part) {
    int got = 0;
    try {
      while (got < b.length) {
        int r = in.read(b, got, b.length - got);
        if (r < 0) throw truncated(part, got, b.length);
        got += r;
      }
    } catch (IOException e) {
      throw ioError(e);
    }
  }

  /** TensorFlow's masked CRC-32C of {@code bytes[offset, offset + length)}. */
  static int maskedCrc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  private static int le32(byte[] b, int at) {
    return (b[at] & 0xff)
        | (b[at + 1] & 0xff) << 8
        | (b[at + 2] & 0xff) << 16
        | (b[at + 3] & 0xff) << 24;
  }

  /** "record 3 at byte 120: " (of the uncompressed stream for gzip). */
  private String at() {
    return "record "
        + index
        + " at byte "
        + recordOffset
        + (compression == Compression.GZIP ? " of the uncompressed stream" : "")
        + ": ";
  }

  private BadExample corrupt(String what, int stored, int computed) {
    return new BadExample(
        BadExample.CORRUPT_RECORD,
        field,
        file
            + ": "
            + at()
            + "corrupt record: "
            + what
            + " mismatch (stored 0x"
            + Integer.toHexString(stored)
            + ", computed 0x"
            + Integer.toHexString(computed)
            + ")");
  }

  private BadExample truncated(String part, long got, long needed) {
    broken = true;
    return new BadExample(
        BadExample.TRUNCATED_FILE,
        field,
        file
            + ": "
            + at()
            + "truncated file: the record's "
            + part
            + " needs "
            + needed
            + " bytes, the file ends after "
            + got);
  }

  private ConfigException ioError(IOException e) {
    if (e instanceof EOFException) {
      broken = true;
      return new BadExample(
          BadExample.TRUNCATED_FILE,
          field,
          file + ": " + at() + "truncated file: " + ConfigError.reason(e));
    }
    return error(file, "cannot read near byte " + offset + ": " + ConfigError.reason(e), field);
  }

  static ConfigException error(Path file, String message, String field) {
    return new ConfigException(ConfigError.of(field, file + ": " + message));
  }

  private static void closeQuietly(InputStream s) {
    if (s == null) return;
    try {
      s.close();
    } catch (IOException ignored) {
      // already failing with a clearer error
    }
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // nothing was written; a failed close of a read-only stream loses nothing
    }
  }
}
