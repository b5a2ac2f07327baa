package dev.auxloss.nlp.text;

import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pieces ↔ ids, with the {@link SpecialTokens} at ids 0–4 and the regular pieces after them, most
 * frequent first (ties broken alphabetically, so the same corpus always gives the same ids).
 *
 * <p>Saved as UTF-8 text, one piece per line in id order; a backslash, newline, carriage return or
 * tab inside a piece is written as {@code \\}, {@code \n}, {@code \r}, {@code \t}.
 *
 * <pre>{@code
 * Vocabulary v = Vocabulary.build(List.of(List.of("a", "b", "a")), 1, 100);
 * v.size();     // 7: five special tokens + "a" (id 5) + "b" (id 6)
 * v.id("zzz");  // 1 (UNK)
 * }</pre>
 */
public final class Vocabulary {
  private final List<String> pieces;
  private final Map<String, Integer> ids = new HashMap<>();

  private Vocabulary(List<String> pieces) {
    this.pieces = List.copyOf(pieces);
    for (int i = 0; i < this.pieces.size(); i++) {
      // A subword tokenizer's file may spell a piece like a reserved one ("<unk>", "<pad>"): the
      // text maps to the file's piece; the reserved id is only ever written by auxloss itself.
      Integer before = ids.put(this.pieces.get(i), i);
      if (before != null && before >= SpecialTokens.COUNT) {
        throw new IllegalArgumentException("piece '" + this.pieces.get(i) + "' appears twice");
      }
    }
  }

  /** A vocabulary of the special tokens followed by {@code regular} in the given order. */
  public static Vocabulary of(List<String> regular) {
    List<String> all = new ArrayList<>(SpecialTokens.NAMES);
    all.addAll(regular);
    return new Vocabulary(all);
  }

  /**
   * Counts pieces over {@code documents} and keeps those seen at least {@code minCount} times, at
   * most {@code maxSize} ids in all (special tokens included).
   */
  public static Vocabulary build(
      Iterable<? extends List<String>> documents, int minCount, int maxSize) {
    if (minCount < 1)
      throw new IllegalArgumentException("min count must be >= 1, found " + minCount);
    if (maxSize <= SpecialTokens.COUNT) {
      throw new IllegalArgumentException(
          "max vocabulary size must be > "
              + SpecialTokens.COUNT
              + " (the special tokens), found "
              + maxSize);
    }
    Map<String, Integer> counts = new HashMap<>();
    for (List<String> doc : documents) for (String p : doc) counts.merge(p, 1, Integer::sum);
    SpecialTokens.NAMES.forEach(counts::remove);
    List<String> kept =
        counts.entrySet().stream()
            .filter(e -> e.getValue() >= minCount)
            .sorted(
                Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(maxSize - SpecialTokens.COUNT)
            .map(Map.Entry::getKey)
            .toList();
    return of(kept);
  }

  public int size() {
    return pieces.size();
  }

  /** The id of {@code piece}, or {@link SpecialTokens#UNK}. */
  public int id(String piece) {
    return ids.getOrDefault(piece, SpecialTokens.UNK);
  }

  public String piece(int id) {
    return pieces.get(id);
  }

  public List<String> pieces() {
    return pieces;
  }

  /** The file content: one escaped piece per line. */
  public byte[] toBytes() {
    StringBuilder sb = new StringBuilder();
    for (String p : pieces) sb.append(escape(p)).append('\n');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  public void save(Path file) throws IOException {
    Files.write(file, toBytes());
  }

  /** Reads a saved vocabulary; a missing, empty or malformed file is a {@link ConfigException}. */
  public static Vocabulary load(Path file) {
    var notFile = DataPaths.notAFile(file);
    if (notFile.isPresent()) {
      throw new ConfigException(
          ConfigError.of("vocab", "vocabulary file " + file + ": " + notFile.get()));
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(
          ConfigError.of(
              "vocab", "cannot read vocabulary file " + file + ": " + ConfigError.reason(e)));
    }
    return fromBytes(bytes, file.toString());
  }

  /** Parses {@link #toBytes()} output; {@code source} names the file in errors. */
  public static Vocabulary fromBytes(byte[] bytes, String source) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
    if (lines.size() < SpecialTokens.COUNT
        || !lines.subList(0, SpecialTokens.COUNT).equals(SpecialTokens.NAMES)) {
      throw new ConfigException(
          ConfigError.of(
              "vocab",
              "vocabulary file "
                  + source
                  + " must start with the special tokens "
                  + SpecialTokens.NAMES
                  + " one per line, found "
                  + lines.subList(0, Math.min(lines.size(), SpecialTokens.COUNT))));
    }
    try {
      return new Vocabulary(lines.stream().map(Vocabulary::unescape).toList());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          ConfigError.of("vocab", "vocabulary file " + source + ": " + e.getMessage()));
    }
  }

  private static String escape(String p) {
    return p.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }

  private static String unescape(String line) {
    StringBuilder sb = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        char n = line.charAt(++i);
        sb.append(
            switch (n) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              default -> n;
            });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
