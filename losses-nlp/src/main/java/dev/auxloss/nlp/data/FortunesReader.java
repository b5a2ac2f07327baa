package dev.auxloss.nlp.data;

import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads fortune files: quotes separated by lines holding only {@code %} (the format of Debian's
 * {@code fortunes} package, {@code /usr/share/games/fortunes/<category>}).
 *
 * <p>Overstrike sequences ({@code x\bx} for bold, {@code _\bx} for underline, as in old fortunes)
 * are resolved to the printed character; blank quotes are skipped; duplicates within a file are
 * kept once. Every problem is a {@link ConfigException} naming the file: missing, unreadable, not
 * UTF-8, binary (a {@code .dat} index passed by mistake) or holding no quote.
 *
 * <pre>{@code
 * List<String> q = FortunesReader.readQuotes(Path.of("/usr/share/games/fortunes/computers"));
 * q.size();  // about 1050
 * }</pre>
 */
public final class FortunesReader {
  /** Where Debian installs the corpus ({@code apt-get install fortunes}). */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/games/fortunes");

  private FortunesReader() {}

  /** The quotes of one file, in file order. */
  public static List<String> readQuotes(Path file) {
    if (!Files.isRegularFile(file)) {
      throw error(file, "no such fortune file " + file + hintInstall(file));
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw error(file, "cannot read fortune file " + file + ": " + e.getMessage());
    }
    for (byte b : bytes) {
      if (b == 0)
        throw error(file, "fortune file " + file + " is binary (holds NUL bytes), not text");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw error(file, "fortune file " + file + " is not UTF-8 text: " + e.getMessage());
    }
    Set<String> quotes = new LinkedHashSet<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\r?\n", -1)) {
      if (line.equals("%")) {
        add(quotes, current);
      } else {
        current.append(line).append('\n');
      }
    }
    add(quotes, current);
    if (quotes.isEmpty()) {
      throw error(
          file,
          "fortune file " + file + " holds no quote (quotes are separated by lines holding %)");
    }
    return List.copyOf(quotes);
  }

  /** The categories (files without an extension) present in {@code dir}, sorted. */
  public static List<String> categories(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.contains("."))
          .collect(TreeSet<String>::new, TreeSet::add, TreeSet::addAll)
          .stream()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Reads every category in {@code categories} (at least one, none twice: {@link
   * FortunesDatasetFactory#CATEGORIES} checks them) from {@code dir}, all problems reported
   * together.
   */
  public static FortunesCorpus read(Path dir, List<String> categories) {
    List<ConfigError> errors = new ArrayList<>();
    List<FortunesCorpus.Quote> quotes = new ArrayList<>();
    // Without the folder every category is missing: one error, not one per category.
    var folder = DataPaths.notADirectory(dir);
    if (folder.isPresent()) {
      errors.add(ConfigError.of("dir", dir + ": " + folder.get() + hintInstall(dir)));
      throw new ConfigException(errors);
    }
    for (int label = 0; label < categories.size(); label++) {
      String c = categories.get(label);
      Path file = dir.resolve(c);
      try {
        if (!Files.isRegularFile(file)) {
          throw error(
              file,
              "no fortune category '"
                  + c
                  + "' (file "
                  + file
                  + "); categories in "
                  + dir
                  + ": "
                  + categories(dir)
                  + hintInstall(file));
        }
        for (String q : readQuotes(file)) quotes.add(new FortunesCorpus.Quote(c, label, q));
      } catch (ConfigException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return new FortunesCorpus(categories, quotes);
  }

  /** Resolves overstrike: a character followed by backspace is replaced by what comes after. */
  static String clean(String raw) {
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\b') {
        if (sb.length() > 0) sb.setLength(sb.length() - 1);
      } else {
        sb.append(c);
      }
    }
    return sb.toString().strip();
  }

  private static void add(Set<String> quotes, StringBuilder current) {
    String q = clean(current.toString());
    if (!q.isEmpty()) quotes.add(q);
    current.setLength(0);
  }

  private static String hintInstall(Path file) {
    return file.startsWith(DEFAULT_DIR)
        ? " (install the corpus with: apt-get install fortunes)"
        : "";
  }

  private static ConfigException error(Path file, String message) {
    return new ConfigException(ConfigError.of("dir", message));
  }
}
