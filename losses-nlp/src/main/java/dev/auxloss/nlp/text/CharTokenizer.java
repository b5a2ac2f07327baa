package dev.auxloss.nlp.text;

import java.util.ArrayList;
import java.util.List;

/**
 * One piece per Unicode code point of the normalised text, case kept. A char vocabulary of the
 * fortunes corpus holds about 100 pieces, so the LM softmax is cheap.
 */
public final class CharTokenizer implements Tokenizer {
  @Override
  public String name() {
    return "char";
  }

  @Override
  public List<String> split(String text) {
    String s = Tokenizer.normalize(text);
    List<String> out = new ArrayList<>(s.length());
    s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
    return out;
  }
}
