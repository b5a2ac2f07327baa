package dev.auxloss.nlp.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lower-cased words (letters and digits, with inner apostrophes as in {@code don't}) and every
 * other non-space character as a piece of its own, so punctuation stays visible to the model and to
 * the punctuation-restoration task.
 */
public final class WordTokenizer implements Tokenizer {
  private static final Pattern PIECE =
      Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019][\\p{L}\\p{N}]+)*|[^\\s\\p{L}\\p{N}]");

  @Override
  public String name() {
    return "word";
  }

  @Override
  public List<String> split(String text) {
    List<String> out = splitCased(text);
    out.replaceAll(p -> p.toLowerCase(Locale.ROOT));
    return out;
  }

  /** The same pieces with their case kept (the truecasing task tags it, then lowercases). */
  @Override
  public List<String> splitCased(String text) {
    Matcher m = PIECE.matcher(Tokenizer.normalize(text));
    List<String> out = new ArrayList<>();
    while (m.find()) out.add(m.group());
    return out;
  }
}
