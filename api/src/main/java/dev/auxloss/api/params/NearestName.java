package dev.auxloss.api.params;

import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/**
 * "Did you mean" for unknown names: the known name with the smallest Levenshtein (edit) distance,
 * offered only when it is close, at most {@code max(2, length / 2)} edits away, or differs only in
 * case.
 *
 * <pre>{@code
 * NearestName.unknown("loss", "vision.aux_clasifier", List.of("vision.aux_classifier", "nlp.mtp"));
 * // "unknown loss 'vision.aux_clasifier'; did you mean 'vision.aux_classifier'?
 * //  known losses: nlp.mtp, vision.aux_classifier"   (one line)
 * }</pre>
 */
public final class NearestName {
  private NearestName() {}

  /** The message for an unknown {@code what} ("loss", "model"...) named {@code value}. */
  public static String unknown(String what, String value, Collection<String> known) {
    String head = "unknown " + what + " '" + value + "'";
    String list = knownList(what, known);
    return nearest(value, known)
        .map(n -> head + "; did you mean '" + n + "'?" + list.substring(1))
        .orElse(head + list);
  }

  /** The message for a required name that was left empty. */
  public static String required(String what, Collection<String> known) {
    return "is required" + knownList(what, known);
  }

  /** The closest known name, if it is close enough to be a typo. */
  public static Optional<String> nearest(String value, Collection<String> known) {
    // "CNN-DS", "Adam": the case is the only difference, however many letters it touches.
    Optional<String> caseOnly =
        new TreeSet<>(known).stream().filter(k -> k.equalsIgnoreCase(value)).findFirst();
    if (caseOnly.isPresent() && !caseOnly.get().equals(value)) return caseOnly;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : new TreeSet<>(known)) {
      int d = distance(value, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, value.length() / 2)
        ? Optional.of(best)
        : Optional.empty();
  }

  /** Levenshtein distance: insertions, deletions and substitutions, each costing 1. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  private static String knownList(String what, Collection<String> known) {
    if (known.isEmpty()) {
      return "; no "
          + plural(what)
          + " are registered (is the module that provides them on the classpath?)";
    }
    return "; known " + plural(what) + ": " + String.join(", ", new TreeSet<>(known));
  }

  private static String plural(String what) {
    if (what.endsWith("y")) return what.substring(0, what.length() - 1) + "ies";
    return what.endsWith("s") ? what + "es" : what + "s";
  }
}
