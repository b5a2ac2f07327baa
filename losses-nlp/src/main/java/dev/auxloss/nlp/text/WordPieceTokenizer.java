package dev.auxloss.nlp.text;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * BERT's tokenizer from a WordPiece {@code vocab.txt} (one piece per line, id = line number from 0;
 * continuation pieces start with {@code ##}), as Google's reference {@code tokenization.py} and
 * Hugging Face's {@code BertTokenizer} with their defaults (uncased): clean the text (control
 * characters dropped, whitespace to spaces), lower-case and strip accents, split on whitespace,
 * punctuation and around CJK characters, then split each word greedily longest-match-first into
 * pieces; a word with no split, or longer than 100 characters, becomes {@code [UNK]}. The file must
 * hold {@code [UNK]}; its {@code [CLS]}, {@code [SEP]}, {@code [PAD]}, {@code [MASK]} are kept as
 * pieces but not added (auxloss adds its own BOS, EOS and padding).
 *
 * <pre>{@code
 * // vocab.txt: [PAD] [UNK] [CLS] [SEP] [MASK] un ##aff ##able
 * tokenizer.split("Unaffable!");  // [un, ##aff, ##able, [UNK]]
 * }</pre>
 */
public final class WordPieceTokenizer extends FileTokenizer {
  /** The asset name; not {@code vocab.txt}, which is auxloss's own id table. */
  public static final String ASSET = "wordpiece_vocab.txt";

  public static final String UNK = "[UNK]";
  private static final int MAX_WORD_CHARS = 100;

  private final Set<String> pieces;

  private WordPieceTokenizer(byte[] file, List<String> lines) {
    super("wordpiece", ASSET, file, Vocabulary.of(lines));
    this.pieces = new HashSet<>(lines);
  }

  /**
   * Reads a {@code vocab.txt}; {@code source} names it in errors (field {@code param}). Blank lines
   * are pieces too (ids must match the line numbers), but a file without {@code [UNK]} is refused.
   */
  public static WordPieceTokenizer read(byte[] file, String param, String source) {
    String text = new String(file, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
    if (!lines.contains(UNK)) {
      throw new ConfigException(
          ConfigError.of(
              param,
              "WordPiece vocabulary "
                  + source
                  + ": has no "
                  + UNK
                  + " line (BERT's vocab.txt format: one piece per line)"));
    }
    try {
      return new WordPieceTokenizer(file, lines);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          ConfigError.of(param, "WordPiece vocabulary " + source + ": " + e.getMessage()));
    }
  }

  @Override
  public List<String> split(String text) {
    List<String> out = new ArrayList<>();
    for (String word : basicTokens(text)) wordPieces(word, out);
    return out;
  }

  /** Greedy longest-match-first: the reference algorithm of BERT's {@code WordpieceTokenizer}. */
  private void wordPieces(String word, List<String> out) {
    if (word.codePointCount(0, word.length()) > MAX_WORD_CHARS) {
      out.add(UNK);
      return;
    }
    List<String> found = new ArrayList<>();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      String piece = null;
      while (start < end) {
        String candidate = (start > 0 ? "##" : "") + word.substring(start, end);
        if (pieces.contains(candidate)) {
          piece = candidate;
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (piece == null) {
        out.add(UNK);
        return;
      }
      found.add(piece);
      start = end;
    }
    out.addAll(found);
  }

  /** BERT's {@code BasicTokenizer} with {@code do_lower_case=True}. */
  static List<String> basicTokens(String text) {
    StringBuilder clean = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (cp == 0 || cp == 0xFFFD || isControl(cp)) return;
              if (isWhitespace(cp)) clean.append(' ');
              else if (isCjk(cp)) clean.append(' ').appendCodePoint(cp).append(' ');
              else clean.appendCodePoint(cp);
            });
    List<String> out = new ArrayList<>();
    for (String word : clean.toString().strip().split(" +")) {
      if (word.isEmpty()) continue;
      String w = stripAccents(word.toLowerCase(Locale.ROOT));
      StringBuilder cur = new StringBuilder();
      for (int i = 0; i < w.length(); ) {
        int cp = w.codePointAt(i);
        i += Character.charCount(cp);
        if (isPunctuation(cp)) {
          if (cur.length() > 0) out.add(cur.toString());
          cur.setLength(0);
          out.add(new String(Character.toChars(cp)));
        } else {
          cur.appendCodePoint(cp);
        }
      }
      if (cur.length() > 0) out.add(cur.toString());
    }
    return out;
  }

  private static String stripAccents(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    Normalizer.normalize(s, Normalizer.Form.NFD)
        .codePoints()
        .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }

  private static boolean isWhitespace(int cp) {
    return cp == ' '
        || cp == '\t'
        || cp == '\n'
        || cp == '\r'
        || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') return false;
    int t = Character.getType(cp);
    return t == Character.CONTROL || t == Character.FORMAT;
  }

  /** ASCII symbols count as punctuation ({@code $}, {@code ^}, backtick), as in BERT. */
  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47)
        || (cp >= 58 && cp <= 64)
        || (cp >= 91 && cp <= 96)
        || (cp >= 123 && cp <= 126)) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  /** The CJK Unified Ideograph blocks BERT puts spaces around. */
  private static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
