package dev.auxloss.nlp.data;

/**
 * One split of a text dataset, encoded: row {@code i} of every array is example {@code i}.
 *
 * @param tokens ids, {@code [n][seqLen]}
 * @param tokenMask 1 on real positions, 0 on padding, {@code [n][seqLen]}
 * @param labels class ids {@code [n]}, or null for a tagging task
 * @param tags tag ids {@code [n][seqLen]}, or null for a classification task
 * @param labelMask 1 for examples whose label (or tags) may be trained on, {@code [n]}
 */
public record EncodedSplit(
    int[][] tokens, float[][] tokenMask, int[] labels, int[][] tags, float[] labelMask) {
  public EncodedSplit {
    int n = tokens.length;
    if (tokenMask.length != n
        || labelMask.length != n
        || (labels != null && labels.length != n)
        || (tags != null && tags.length != n)) {
      throw new IllegalArgumentException(
          "every field of a split needs one row per example (" + n + ")");
    }
    if ((labels == null) == (tags == null)) {
      throw new IllegalArgumentException("a split holds either labels or tags");
    }
  }

  public int size() {
    return tokens.length;
  }

  /** How many examples are labelled. */
  public int labelled() {
    int k = 0;
    for (float m : labelMask) if (m > 0) k++;
    return k;
  }
}
