package dev.auxloss.tf.summary;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Reads a TFRecord file of {@link Event}s back, checking the framing and both CRCs of every record;
 * a torn last record (a writer killed mid-write) ends the read, as TensorBoard does.
 *
 * <pre>{@code
 * Map<String, Map<Long, Float>> s = TfEventReader.scalars(eventFile);
 * s.get("loss/total").get(100L); // the value logged at step 100
 * }</pre>
 */
public final class TfEventReader {
  private TfEventReader() {}

  /** Every record's bytes; throws {@link IOException} naming the offset of a corrupt record. */
  public static List<byte[]> records(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> records = new ArrayList<>();
    while (b.remaining() >= 12) {
      int start = b.position();
      byte[] header = new byte[8];
      b.get(header);
      long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (b.getInt() != TfRecordWriter.maskedCrc32c(header, 0, 8)) {
        throw new IOException("corrupt length CRC at byte " + start + " of " + file);
      }
      if (length < 0 || length > b.remaining() - 4) break; // torn last record
      byte[] data = new byte[(int) length];
      b.get(data);
      if (b.getInt() != TfRecordWriter.maskedCrc32c(data, 0, data.length)) {
        throw new IOException("corrupt data CRC at byte " + start + " of " + file);
      }
      records.add(data);
    }
    return records;
  }

  public static List<Event> events(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    for (byte[] r : records(file)) {
      try {
        events.add(Event.parseFrom(r));
      } catch (InvalidProtocolBufferException e) {
        throw new IOException(
            "record " + events.size() + " of " + file + " is not an Event: " + e.getMessage(), e);
      }
    }
    return events;
  }

  /** tag → (step → simple value), in file order. */
  public static Map<String, Map<Long, Float>> scalars(Path file) throws IOException {
    Map<String, Map<Long, Float>> out = new LinkedHashMap<>();
    for (Event e : events(file)) {
      if (!e.hasSummary()) continue;
      for (Summary.Value v : e.getSummary().getValueList()) {
        out.computeIfAbsent(v.getTag(), t -> new LinkedHashMap<>())
            .put(e.getStep(), v.getSimpleValue());
      }
    }
    return out;
  }
}
