package dev.auxloss.tf.summary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files and {@code .tfrecord} data:
 *
 * <pre>
 * uint64 length            little endian
 * uint32 masked_crc32c(length bytes)
 * byte   data[length]
 * uint32 masked_crc32c(data)
 * </pre>
 *
 * <p>The CRC is CRC-32C (Castagnoli, {@link CRC32C}), "masked" as TensorFlow does so that a CRC of
 * data holding CRCs stays well distributed: {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}. For
 * an empty record the header is {@code 00 00 00 00 00 00 00 00} followed by the masked CRC of those
 * eight zero bytes.
 */
public final class TfRecordWriter {
  private static final int MASK_DELTA = 0xa282ead8;

  private final OutputStream out;

  public TfRecordWriter(OutputStream out) {
    this.out = out;
  }

  /** Appends one framed record. */
  public void write(byte[] data) throws IOException {
    byte[] length =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    out.write(length);
    out.write(le32(maskedCrc32c(length, 0, length.length)));
    out.write(data);
    out.write(le32(maskedCrc32c(data, 0, data.length)));
  }

  public void flush() throws IOException {
    out.flush();
  }

  /** TensorFlow's masked CRC-32C of {@code bytes[offset, offset + length)}. */
  public static int maskedCrc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
