package dev.auxloss.nlp.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Punctuation and capitalisation restoration as sequence labelling: the input is the text
 * lower-cased with its punctuation pieces removed, and each kept piece is tagged with the mark that
 * followed it and with its original case. Works on word or char pieces.
 *
 * <p>Tag = mark + 5 × case. Marks: {@code 0 O} (nothing follows), {@code 1 COMMA} ({@code , ; :}),
 * {@code 2 PERIOD} ({@code .}), {@code 3 QUESTION} ({@code ?}), {@code 4 EXCLAMATION} ({@code !}).
 * Case: {@code 0} lower (or no letter), {@code 1} Capitalised (first letter upper, not all upper; a
 * single upper-case letter such as "I"), {@code 2} UPPER (two or more letters, all upper). So tag 0
 * is a lower-case word with nothing after it, tag 7 a capitalised word followed by a period. BOS,
 * EOS and padding are tagged 0; padding is masked out of the loss anyway.
 *
 * <pre>{@code
 * PunctuationTags.Tagged t = PunctuationTags.strip(List.of("Yes", ",", "sir", "!"));
 * t.pieces();  // [yes, sir]
 * t.tags();    // [1 + 5, 4]  (Capitalised + COMMA, lower + EXCLAMATION)
 * }</pre>
 */
public final class PunctuationTags {
  private PunctuationTags() {}

  public static final int O = 0;
  public static final int COMMA = 1;
  public static final int PERIOD = 2;
  public static final int QUESTION = 3;
  public static final int EXCLAMATION = 4;

  /** Number of marks (O included). */
  public static final int MARKS = 5;

  public static final int LOWER = 0;
  public static final int CAPITALISED = 1;
  public static final int UPPER = 2;

  /** Number of tags: every mark with every case. */
  public static final int COUNT = MARKS * 3;

  public static final List<String> MARK_NAMES =
      List.of("O", "COMMA", "PERIOD", "QUESTION", "EXCLAMATION");

  /** {@code O, COMMA, ..., Cap+O, Cap+COMMA, ..., UPPER+O, ...}: tag t is {@code NAMES.get(t)}. */
  public static final List<String> NAMES = names();

  /** Input pieces without punctuation, lower-cased, and one tag per kept piece. */
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

  /** The case class of a piece: {@link #LOWER}, {@link #CAPITALISED} or {@link #UPPER}. */
  public static int caseOf(String piece) {
    int letters = 0;
    int upper = 0;
    boolean firstUpper = false;
    for (int i = 0; i < piece.length(); i++) {
      char ch = piece.charAt(i);
      if (!Character.isLetter(ch)) continue;
      if (Character.isUpperCase(ch)) {
        if (letters == 0) firstUpper = true;
        upper++;
      }
      letters++;
    }
    if (upper >= 2 && upper == letters) return UPPER;
    return firstUpper ? CAPITALISED : LOWER;
  }

  /** The mark part of a tag. */
  public static int markOf(int tag) {
    return tag % MARKS;
  }

  /**
   * Removes punctuation pieces and lower-cases the others. A run of marks ({@code "?!"}, {@code
   * "..."}) tags the previous piece with the last mark; marks before the first kept piece are
   * dropped. A space piece (char tokenization) between a word and its mark does not move the tag
   * off the word.
   */
  public static Tagged strip(List<String> pieces) {
    List<String> kept = new ArrayList<>(pieces.size());
    List<Integer> cases = new ArrayList<>(pieces.size());
    List<Integer> marks = new ArrayList<>(pieces.size());
    for (String p : pieces) {
      int t = tagOf(p);
      if (t < 0) {
        kept.add(p.toLowerCase(Locale.ROOT));
        cases.add(caseOf(p));
        marks.add(O);
      } else if (!kept.isEmpty()) {
        int at = kept.size() - 1;
        if (kept.get(at).isBlank() && at > 0) at--;
        marks.set(at, t);
      }
    }
    int[] tags = new int[kept.size()];
    for (int i = 0; i < tags.length; i++) tags[i] = marks.get(i) + MARKS * cases.get(i);
    return new Tagged(kept, tags);
  }

  private static List<String> names() {
    List<String> out = new ArrayList<>(MARK_NAMES);
    for (String c : List.of("Cap+", "UPPER+")) for (String m : MARK_NAMES) out.add(c + m);
    return List.copyOf(out);
  }

  /**
   * Tags aligned with {@link TextPipeline#encodePieces}: O at BOS, the piece tags, O at
   * EOS/padding.
   */
  public static int[] align(int[] pieceTags, int seqLen) {
    int[] out = new int[seqLen];
    int n = Math.min(pieceTags.length, seqLen - 2);
    System.arraycopy(pieceTags, 0, out, 1, n);
    return out;
  }
}
