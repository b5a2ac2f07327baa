package dev.auxloss.vision.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which training examples keep their label when only a fraction is labelled: stratified by class,
 * so 5 % of Fashion-MNIST keeps 5 % of every class, and fixed by a seed, so every run and every
 * epoch sees the same labelled subset.
 */
public final class LabelSubset {
  private LabelSubset() {}

  /**
   * For each class, shuffles its examples with {@code Random(seed)} and keeps the first {@code
   * round(fraction · n_class)} (at least one when the class is not empty).
   *
   * @return {@code labelled[i]} for every example of {@code examples}
   */
  public static boolean[] choose(Examples examples, int classes, double fraction, long seed) {
    boolean[] labelled = new boolean[examples.size()];
    if (fraction >= 1) {
      java.util.Arrays.fill(labelled, true);
      return labelled;
    }
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
    for (int i = 0; i < examples.size(); i++) byClass.get(examples.label(i)).add(i);
    Random random = new Random(seed);
    for (List<Integer> members : byClass) {
      Collections.shuffle(members, random);
      int keep = members.isEmpty() ? 0 : Math.max(1, (int) Math.round(fraction * members.size()));
      for (int j = 0; j < keep; j++) labelled[members.get(j)] = true;
    }
    return labelled;
  }
}
