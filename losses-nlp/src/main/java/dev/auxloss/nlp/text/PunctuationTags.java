package dev.auxloss.nlp.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Punctuation restoration as sequence labelling: punctuation pieces are removed from the input and
 * the piece before each one is tagged with the mark that followed it. Works on word or char pieces.
 *
 * <p>Tags: {@code 0 O} (nothing follows), {@code 1 COMMA} ({@code , ; :}), {@code 2 PERIOD}
 * ({@code .}), {@code 3 QUESTION} ({@code ?}), {@code 4 EXCLAMATION} ({@code !}). BOS, EOS and padding
 * are tagged O; padding is masked out of the loss anyway.
 *
 * <pre>{@code
 * PunctuationTags.Tagged t = PunctuationTags.strip(List.of("yes", ",", "sir", "!"));
 * t.pieces();  // [yes, sir]
 * t.tags();    // [1, 4]
 * }</pre>
 */
public final class PunctuationTags {
  private PunctuationTags() {}

  public static final int O = 0;
  public static final int COMMA = 1;
  public static final int PERIOD = 2;
  public static final int QUESTION = 3;
  public static final int EXCLAMATION = 4;
  /** Number of tags. */
  public static final int COUNT = 5;

  public static final List<String> NAMES = List.of("O", "COMMA", "PERIOD", "QUESTION", "EXCLAMATION");

  /** Input pieces without punctuation and one tag per kept piece. */
  public record Tagged(List<String> pieces, int[] tags) {}

  /** The tag a punctuation piece stands for, or -1 for any other piece. */
  public static int tagOf(String piece) {
    return switch (piece) {
      case ",", ";", ":" -> COMMA;
      case "." -> PERIOD;
      case "?" -> QUESTION;
      case "!" -> EXCLAMATION;
      default -> -1;
    };
  }

  /**
   * Removes punctuation pieces. A run of marks ({@code "?!"}, {@code "..."}) tags the previous piece
   * with the last mark; marks before the first kept piece are dropped. A space piece (char
   * tokenization) between a word and its mark does not move the tag off the word.
   */
  public static Tagged strip(List<String> pieces) {
    List<String> kept = new ArrayList<>(pieces.size());
    List<Integer> tags = new ArrayList<>(pieces.size());
    for (String p : pieces) {
      int t = tagOf(p);
      if (t < 0) {
        kept.add(p);
        tags.add(O);
      } else if (!kept.isEmpty()) {
        int at = kept.size() - 1;
        if (kept.get(at).isBlank() && at > 0) at--;
        tags.set(at, t);
      }
    }
    return new Tagged(kept, tags.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Tags aligned with {@link TextPipeline#encodePieces}: O at BOS, the piece tags, O at EOS/padding. */
  public static int[] align(int[] pieceTags, int seqLen) {
    int[] out = new int[seqLen];
    int n = Math.min(pieceTags.length, seqLen - 2);
    System.arraycopy(pieceTags, 0, out, 1, n);
    return out;
  }
}
