package dev.auxloss.nlp.data;

import dev.auxloss.nlp.data.TextDatasetBuilder.TaggedSentence;
import dev.auxloss.nlp.text.SubwordTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A CoNLL sentence under a subword tokenizer: each token becomes its pieces, and the pieces of one
 * token stay inside the token's span, so span F1 over pieces counts the same entities. A {@code
 * B-X} token gives {@code B-X I-X I-X}, {@code I-X} gives {@code I-X I-X}, IOBES's {@code S-X}
 * gives {@code B-X I-X E-X} and {@code E-X} gives {@code I-X E-X}; {@code O} stays {@code O}. A tag
 * the training file lacks (no {@code I-X} seen) falls back to the token's own tag. A token the
 * tokenizer turns into no piece (control characters only) is dropped with its tag.
 *
 * <pre>{@code
 * split(["Johanson", "ran"] / [B-PER, O])  // [johan, ##son, ran] / [B-PER, I-PER, O]
 * }</pre>
 */
final class SubwordTags {
  private SubwordTags() {}

  static TaggedSentence split(TaggedSentence s, SubwordTokenizer tokenizer, List<String> names) {
    List<String> pieces = new ArrayList<>();
    List<Integer> tags = new ArrayList<>();
    for (int i = 0; i < s.tokens().size(); i++) {
      List<String> p = tokenizer.split(s.tokens().get(i));
      String tag = names.get(s.tags()[i]);
      for (int k = 0; k < p.size(); k++) {
        pieces.add(p.get(k));
        tags.add(pieceTag(tag, k, p.size(), names));
      }
    }
    return new TaggedSentence(pieces, tags.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The tag of piece {@code k} of {@code n} of a token tagged {@code tag}, as an id. */
  static int pieceTag(String tag, int k, int n, List<String> names) {
    int own = names.indexOf(tag);
    if (n == 1 || tag.length() < 3 || tag.charAt(1) != '-') return own;
    char scheme = tag.charAt(0);
    String type = tag.substring(2);
    boolean first = k == 0;
    boolean last = k == n - 1;
    char want =
        switch (scheme) {
          case 'B' -> first ? 'B' : 'I';
          case 'I' -> 'I';
          case 'S' -> first ? 'B' : last ? 'E' : 'I';
          case 'E' -> last ? 'E' : 'I';
          default -> scheme;
        };
    int id = names.indexOf(want + "-" + type);
    return id >= 0 ? id : own;
  }
}
