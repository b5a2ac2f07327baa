package dev.auxloss.tf.graph;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The variables of a TF checkpoint (SaveV2 bundle) with their dtypes and shapes, read from its
 * {@code <prefix>.index}: a TF table (LevelDB's SSTable layout, tensorflow/core/lib/io/table*: data
 * blocks of prefix-compressed keys, an index block of block handles, a 48-byte footer ending in a
 * magic number) mapping each tensor name to a {@code BundleEntryProto}; the empty key holds the
 * {@code BundleHeaderProto}. TF writes bundle indexes uncompressed; a compressed block is refused
 * rather than misread.
 *
 * <pre>{@code
 * CheckpointIndex.read(Path.of("runs/r/checkpoints/step-100/ckpt")).entries().get("block1/conv/kernel")
 * // Entry[type=DT_FLOAT, shape=[3, 3, 1, 16]]
 * }</pre>
 */
public record CheckpointIndex(Map<String, Entry> entries) {
  private static final long MAGIC = 0xdb4775248b80fb57L;
  private static final int FOOTER = 48;

  /** One saved tensor: its element type and shape. */
  public record Entry(DataType type, Shape shape) {}

  public CheckpointIndex {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /**
   * Reads {@code prefix + ".index"}; an unreadable or malformed file is an IOException naming it.
   */
  public static CheckpointIndex read(Path prefix) throws IOException {
    Path index = Path.of(prefix + ".index");
    byte[] file = Files.readAllBytes(index);
    try {
      return new CheckpointIndex(parse(file));
    } catch (RuntimeException | InvalidProtocolBufferException e) {
      throw new IOException(index + " is not a TensorFlow checkpoint index: " + e.getMessage(), e);
    }
  }

  private static Map<String, Entry> parse(byte[] file) throws InvalidProtocolBufferException {
    if (file.length < FOOTER) throw new IllegalArgumentException("shorter than a table footer");
    ByteBuffer footer = ByteBuffer.wrap(file, file.length - FOOTER, FOOTER);
    long magic = ByteBuffer.wrap(file, file.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (magic != MAGIC) throw new IllegalArgumentException("bad table magic number");
    varint(footer); // metaindex block offset: bundles have no meta blocks
    varint(footer);
    ByteBuffer indexBlock = block(file, varint(footer), varint(footer));
    Map<String, Entry> out = new LinkedHashMap<>();
    for (byte[][] kv : entries(indexBlock)) {
      ByteBuffer handle = ByteBuffer.wrap(kv[1]);
      ByteBuffer data = block(file, varint(handle), varint(handle));
      for (byte[][] e : entries(data)) {
        String name = new String(e[0], StandardCharsets.UTF_8);
        if (name.isEmpty()) continue; // the BundleHeaderProto
        BundleEntryProto entry = BundleEntryProto.parseFrom(e[1]);
        out.put(name, new Entry(entry.getDtype(), shape(entry.getShape())));
      }
    }
    return out;
  }

  private static Shape shape(TensorShapeProto p) {
    return Shape.of(p.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray());
  }

  /** A block's contents; its 5-byte trailer (compression type, CRC) follows it in the file. */
  private static ByteBuffer block(byte[] file, long offset, long size) {
    if (offset < 0 || size < 4 || offset + size + 5 > file.length)
      throw new IllegalArgumentException("block handle out of range");
    if (file[(int) (offset + size)] != 0)
      throw new IllegalArgumentException(
          "compressed block (type " + file[(int) (offset + size)] + ")");
    return ByteBuffer.wrap(Arrays.copyOfRange(file, (int) offset, (int) (offset + size)));
  }

  /** The key/value pairs of a block, keys expanded from their shared prefixes. */
  private static java.util.List<byte[][]> entries(ByteBuffer block) {
    int size = block.limit();
    int restarts = block.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(size - 4);
    int end = size - 4 - 4 * restarts;
    java.util.List<byte[][]> out = new java.util.ArrayList<>();
    byte[] key = new byte[0];
    block.position(0);
    while (block.position() < end) {
      int shared = (int) varint(block);
      int nonShared = (int) varint(block);
      int valueLength = (int) varint(block);
      byte[] next = Arrays.copyOf(key, shared + nonShared);
      block.get(next, shared, nonShared);
      byte[] value = new byte[valueLength];
      block.get(value);
      out.add(new byte[][] {next, value});
      key = next;
    }
    return out;
  }

  private static long varint(ByteBuffer b) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b.get();
      result |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) return result;
    }
    throw new IllegalArgumentException("malformed varint");
  }
}
