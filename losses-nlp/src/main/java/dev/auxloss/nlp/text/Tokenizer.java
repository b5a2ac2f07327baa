package dev.auxloss.nlp.text;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.util.List;

/**
 * Splits text into pieces. Both implementations first {@linkplain #normalize normalise} whitespace,
 * so a quote wrapped over several lines and the same quote on one line give the same pieces.
 *
 * <pre>{@code
 * Tokenizer.named("word").split("Don't panic!");  // [don't, panic, !]
 * Tokenizer.named("char").split("Hi  there");     // [H, i, " ", t, h, e, r, e]
 * }</pre>
 */
public interface Tokenizer extends AutoCloseable {
  /** The names {@link #named} accepts. */
  List<String> NAMES = List.of("char", "word");

  /** {@code char} or {@code word}; written to the export so serving picks the same one. */
  String name();

  /** The pieces of {@code text}, in order. */
  List<String> split(String text);

  /**
   * The pieces with the text's case kept ({@code split} lower-cases words; chars keep it anyway).
   */
  default List<String> splitCased(String text) {
    return split(text);
  }

  /**
   * Frees what the tokenizer holds outside the heap (a {@link HfTokenizer}'s native handle); it
   * splits nothing afterwards. Its owner closes it: the {@link TextPipeline} that holds it, or the
   * dataset builder once every split is encoded. Word and char hold nothing.
   */
  @Override
  default void close() {}

  /** The tokenizer called {@code name}; anything else is a {@link ConfigException}. */
  static Tokenizer named(String name) {
    return switch (name) {
      case "char" -> new CharTokenizer();
      case "word" -> new WordTokenizer();
      default ->
          throw new ConfigException(
              ConfigError.of("tokenizer", "must be one of " + NAMES + ", found '" + name + "'"));
    };
  }

  /** Runs of whitespace (newlines, tabs) become one space; leading/trailing space is dropped. */
  static String normalize(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}
