package dev.auxloss.nlp.text;

import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code tokenizer} parameter may say: {@code word} or {@code char} ({@link
 * Tokenizer#named}), {@code hf:<path to tokenizer.json>} ({@link HfTokenizer}) or {@code
 * wordpiece:<path to vocab.txt>} ({@link WordPieceTokenizer}). A subword tokenizer's file is read
 * once, here; from then on its bytes travel with the pipeline ({@link SubwordTokenizer#fileBytes}).
 *
 * <pre>{@code
 * Tokenizers.open("hf:/data/bert/tokenizer.json", "tokenizer").name();  // "hf"
 * }</pre>
 */
public final class Tokenizers {
  private Tokenizers() {}

  /** The prefixes of the file-backed tokenizers. */
  public static final List<String> FILE_KINDS = List.of("hf", "wordpiece");

  /** The rule as {@code list-datasets} and errors state it. */
  public static final String RULE =
      "must be word, char, hf:<path to tokenizer.json> or wordpiece:<path to vocab.txt>";

  /** Whether {@code spec} has one of the accepted forms (the file is not looked at). */
  public static boolean valid(String spec) {
    if (Tokenizer.NAMES.contains(spec)) return true;
    int colon = spec.indexOf(':');
    return colon > 0
        && FILE_KINDS.contains(spec.substring(0, colon))
        && !spec.substring(colon + 1).isBlank();
  }

  /**
   * The tokenizer {@code spec} names; a bad form, or a file that is missing, unreadable or not of
   * its kind, is a {@link ConfigException} on {@code param} naming the path.
   */
  public static Tokenizer open(String spec, String param) {
    if (!valid(spec)) {
      throw new ConfigException(ConfigError.of(param, RULE + ", found '" + spec + "'"));
    }
    if (Tokenizer.NAMES.contains(spec)) return Tokenizer.named(spec);
    int colon = spec.indexOf(':');
    String kind = spec.substring(0, colon);
    Path file = Path.of(spec.substring(colon + 1));
    var notFile = DataPaths.notAFile(file);
    if (notFile.isPresent()) {
      throw new ConfigException(
          ConfigError.of(param, "tokenizer file " + file + ": " + notFile.get()));
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(
          ConfigError.of(
              param,
              "cannot read tokenizer file "
                  + file
                  + ": "
                  + (e instanceof AccessDeniedException
                      ? "permission denied"
                      : ConfigError.reason(e))));
    }
    return fromFile(kind, bytes, param, file.toString());
  }

  /**
   * {@code spec} pointed at a run's own copy of its tokenizer file, when {@code spec} names a file
   * tokenizer and {@code runAssets} (the run's {@code assets/}, where training copied the file
   * under {@link SubwordTokenizer#assetName()}) holds one of that kind: evaluating, exporting or
   * resuming the run then tokenizes with the file it trained with, whatever became of the original.
   * Empty otherwise (word, char, a run without the copy).
   */
  public static Optional<String> runCopy(String spec, Path runAssets) {
    if (!valid(spec) || Tokenizer.NAMES.contains(spec)) return Optional.empty();
    String kind = spec.substring(0, spec.indexOf(':'));
    Path copy =
        runAssets.resolve(
            switch (kind) {
              case "hf" -> HfTokenizer.ASSET;
              case "wordpiece" -> WordPieceTokenizer.ASSET;
              default -> throw new IllegalStateException("no asset name for tokenizer " + kind);
            });
    return Files.isRegularFile(copy) ? Optional.of(kind + ":" + copy) : Optional.empty();
  }

  /**
   * A subword tokenizer of {@code kind} from its file's bytes; {@code source} names it in errors.
   */
  public static SubwordTokenizer fromFile(String kind, byte[] bytes, String param, String source) {
    return switch (kind) {
      case "hf" -> HfTokenizer.read(bytes, param, source);
      case "wordpiece" -> WordPieceTokenizer.read(bytes, param, source);
      default ->
          throw new ConfigException(
              ConfigError.of(param, "must be one of " + FILE_KINDS + ", found '" + kind + "'"));
    };
  }
}
