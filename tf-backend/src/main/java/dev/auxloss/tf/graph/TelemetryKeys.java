package dev.auxloss.tf.graph;

import java.util.Optional;

/**
 * The names of the scalars a training step publishes ({@code StepMetrics}, metrics.csv columns,
 * TensorBoard tags) and of the per-term evaluation losses. They are a contract with every reader of
 * a run, so they are built and parsed here only. Example: {@code raw("aux")} is {@code
 * term/aux/raw}; {@code termOf("term/aux/weight", WEIGHT)} is {@code aux}.
 */
public final class TelemetryKeys {
  /** The weighted sum of all terms. */
  public static final String TOTAL_LOSS = "loss/total";

  public static final String LEARNING_RATE = "lr";

  /** 1 when the step was non-finite and its update skipped, else 0. */
  public static final String SKIPPED = "nonfinite/skipped";

  public static final String RAW = "raw";
  public static final String WEIGHT = "weight";
  public static final String WEIGHTED = "weighted";
  public static final String GRAD_NORM = "grad_norm";
  public static final String COSINE = "cosine";
  public static final String CONFLICT_RATE = "conflict_rate";

  private static final String TERM = "term/";
  private static final String LOSS = "loss/";

  private TelemetryKeys() {}

  /**
   * {@code term/<term>/<metric>}; a strategy names its own metrics (e.g. {@code solver_weight}).
   */
  public static String term(String term, String metric) {
    return TERM + term + "/" + metric;
  }

  public static String raw(String term) {
    return term(term, RAW);
  }

  public static String weight(String term) {
    return term(term, WEIGHT);
  }

  public static String weighted(String term) {
    return term(term, WEIGHTED);
  }

  public static String gradNorm(String term) {
    return term(term, GRAD_NORM);
  }

  /** True for every per-term key ({@code term/...}). */
  public static boolean isTerm(String key) {
    return key.startsWith(TERM);
  }

  /** The term of a {@code term/<term>/<metric>} key, empty for any other key. */
  public static Optional<String> termOf(String key, String metric) {
    String tail = "/" + metric;
    if (!isTerm(key) || !key.endsWith(tail) || key.length() < TERM.length() + tail.length())
      return Optional.empty();
    return Optional.of(key.substring(TERM.length(), key.length() - tail.length()));
  }

  /** An evaluation's mean loss of a primary term: {@code loss/<term>}. */
  public static String evalLoss(String term) {
    return LOSS + term;
  }

  /** True for {@link #TOTAL_LOSS} and every {@link #evalLoss} key. */
  public static boolean isLoss(String key) {
    return key.startsWith(LOSS);
  }
}
