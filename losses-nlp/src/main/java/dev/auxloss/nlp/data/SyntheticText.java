package dev.auxloss.nlp.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generator of class-conditioned pseudo-text for tests and examples that must run without any
 * corpus installed. Everything follows from the seed.
 *
 * <p>What is learnable, and by which objective:
 *
 * <ul>
 *   <li>class — each class has 12 topic words of its own and its own word-to-word transitions, so a
 *       classifier and a class-aware LM both have signal;
 *   <li>next word — 50 % of words follow one of three successors of the previous word (per class);
 *   <li>punctuation — a comma follows the "comma words" (every 7th word of the inventory); a
 *       sentence ends after a word ending in {@code x}, with {@code ?} when it began with a {@code
 *       qu-} word, {@code !} when it began with a {@code w-} word and {@code .} otherwise.
 * </ul>
 *
 * <pre>{@code
 * SyntheticText.generate(4, 100, 1).get(0).text();  // e.g. "Quo bafe, kilo tazax? Mude ..."
 * }</pre>
 */
public final class SyntheticText {
  private static final String[] CONSONANTS = {
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"
  };
  private static final String[] VOWELS = {"a", "e", "i", "o", "u"};
  private static final int REGULAR = 200;
  private static final int FINAL = 8;
  private static final List<String> QUESTION = List.of("qua", "que", "qui", "quo");
  private static final List<String> EXCLAIM = List.of("wa", "we", "wo");

  private SyntheticText() {}

  /** {@code examples} texts with labels 0..classes-1 (balanced, interleaved). */
  public static List<TextDatasetBuilder.Example> generate(int classes, int examples, long seed) {
    if (classes < 1) throw new IllegalArgumentException("classes must be >= 1, found " + classes);
    List<String> words = inventory();
    Random setup = new Random(seed * 31 + 17);
    int[][] topics = new int[classes][12];
    int[][][] successors = new int[classes][REGULAR][3];
    for (int c = 0; c < classes; c++) {
      for (int k = 0; k < topics[c].length; k++) topics[c][k] = setup.nextInt(REGULAR);
      for (int w = 0; w < REGULAR; w++)
        for (int k = 0; k < 3; k++) successors[c][w][k] = setup.nextInt(REGULAR);
    }
    Random r = new Random(seed);
    List<TextDatasetBuilder.Example> out = new ArrayList<>(examples);
    for (int i = 0; i < examples; i++) {
      int c = i % classes;
      StringBuilder text = new StringBuilder();
      int sentences = 1 + r.nextInt(3);
      for (int s = 0; s < sentences; s++) {
        if (s > 0) text.append(' ');
        sentence(text, r, words, topics[c], successors[c]);
      }
      out.add(new TextDatasetBuilder.Example(text.toString(), c));
    }
    return out;
  }

  private static void sentence(
      StringBuilder sb, Random r, List<String> words, int[] topics, int[][] succ) {
    List<String> parts = new ArrayList<>();
    String end = ".";
    double u = r.nextDouble();
    if (u < 0.15) {
      parts.add(QUESTION.get(r.nextInt(QUESTION.size())));
      end = "?";
    } else if (u < 0.3) {
      parts.add(EXCLAIM.get(r.nextInt(EXCLAIM.size())));
      end = "!";
    }
    int len = 3 + r.nextInt(6);
    int prev = r.nextInt(REGULAR);
    for (int k = 0; k < len; k++) {
      double v = r.nextDouble();
      int w =
          v < 0.5
              ? succ[prev][r.nextInt(3)]
              : v < 0.8 ? topics[r.nextInt(topics.length)] : r.nextInt(REGULAR);
      parts.add(words.get(w) + (w % 7 == 0 ? "," : ""));
      prev = w;
    }
    parts.add(words.get(REGULAR + r.nextInt(FINAL)) + end);
    String s = String.join(" ", parts);
    sb.append(Character.toUpperCase(s.charAt(0))).append(s, 1, s.length());
  }

  /** 200 regular two-syllable words, then 8 sentence-final words ending in x. */
  static List<String> inventory() {
    List<String> syll = new ArrayList<>();
    for (String c : CONSONANTS) for (String v : VOWELS) syll.add(c + v);
    List<String> words = new ArrayList<>();
    for (int i = 0; words.size() < REGULAR; i++) {
      words.add(
          syll.get((i * 7) % syll.size()) + syll.get((i * 13 + i / syll.size()) % syll.size()));
      if (words.size() > 1
          && words.subList(0, words.size() - 1).contains(words.get(words.size() - 1))) {
        words.remove(words.size() - 1);
      }
    }
    for (int i = 0; i < FINAL; i++) words.add(syll.get(i * 3) + syll.get(i * 5 + 1) + "x");
    return words;
  }
}
