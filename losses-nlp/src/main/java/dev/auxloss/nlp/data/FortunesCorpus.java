package dev.auxloss.nlp.data;

import dev.auxloss.api.data.Split;
import java.util.List;

/**
 * Quotes of several fortune categories, each labelled with its category's index, and a
 * deterministic 80/10/10 train/validation/test split.
 *
 * <p>The split of a quote is decided by a hash of its text alone: the same quote is in the same
 * split whatever categories are read and in whatever order, and a quote filed under two categories
 * never lands in training and test at once.
 *
 * @param categories the category names; a quote's label indexes this list
 * @param quotes every quote read
 */
public record FortunesCorpus(List<String> categories, List<Quote> quotes) {
  public FortunesCorpus {
    categories = List.copyOf(categories);
    quotes = List.copyOf(quotes);
  }

  /** One quote of category {@code category}, class {@code label}. */
  public record Quote(String category, int label, String text) {}

  /** The quotes of one split, in corpus order. */
  public List<Quote> split(Split split) {
    return quotes.stream().filter(q -> splitOf(q.text()) == split).toList();
  }

  /** The texts of one split: the LM corpus (labels ignored). */
  public List<String> texts(Split split) {
    return split(split).stream().map(Quote::text).toList();
  }

  /** 80 % TRAIN, 10 % VALIDATION, 10 % TEST by a mixed hash of the text. */
  public static Split splitOf(String text) {
    int bucket = (int) Long.remainderUnsigned(mix(text.hashCode()), 100);
    if (bucket < 80) return Split.TRAIN;
    return bucket < 90 ? Split.VALIDATION : Split.TEST;
  }

  /** SplitMix64 finaliser: spreads String.hashCode's low-entropy bits (stable across JVMs). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
