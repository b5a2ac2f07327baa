package dev.auxloss.api.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a run does with a {@link BadExample} ({@code data { on_bad_example: FAIL | SKIP }}): every
 * reader hands the bad examples it meets here, and only this class decides. {@link Policy#FAIL}
 * (the default) rethrows, so the run stops with exit 2 naming the place; {@link Policy#SKIP} counts
 * the example once per place, by split and kind (a record met again in a later epoch is not counted
 * twice), and returns: the reader drops it and goes on. A split left with no example is still the
 * reader's error. Safe to share between the input thread and the reporting thread.
 *
 * <pre>{@code
 * BadExamples bad = BadExamples.of(BadExamples.Policy.SKIP);
 * try {
 *   rows.add(parse(line));
 * } catch (BadExample e) {
 *   bad.reject(Split.TRAIN, e); // SKIP: counted, returns; FAIL: throws e
 * }
 * bad.counts(); // {train={not_json=1}}
 * }</pre>
 */
public final class BadExamples {
  /** FAIL stops at the first bad example; SKIP drops and counts them. */
  public enum Policy {
    FAIL,
    SKIP
  }

  /** Warnings kept for the user; later ones are counted only. */
  static final int MAX_WARNINGS = 20;

  private final Policy policy;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Map<Split, Map<String, Long>> counts = new ConcurrentHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private int warned;

  private BadExamples(Policy policy) {
    this.policy = policy;
  }

  public static BadExamples of(Policy policy) {
    return new BadExamples(policy);
  }

  /** The default: the first bad example stops the run. */
  public static BadExamples failing() {
    return new BadExamples(Policy.FAIL);
  }

  public Policy policy() {
    return policy;
  }

  /**
   * {@code bad}, found in {@code split}: FAIL throws it; SKIP counts it (once per place) and
   * returns, and the caller drops the example.
   */
  public void reject(Split split, BadExample bad) {
    if (counted(split, bad))
      warn("skipped a bad example (" + bad.kind() + "): " + bad.error(), false);
  }

  /**
   * {@code bad} ends what can be read of a file (a TFRecord whose length is cut or corrupt cannot
   * be resynchronised): FAIL throws it; SKIP counts it, always warns (naming the file), and the
   * caller stops reading that file, keeping the examples before it.
   */
  public void abandonFile(Split split, BadExample bad) {
    if (counted(split, bad)) {
      warn("stopped reading a file, the examples before the fault are kept: " + bad.error(), true);
    }
  }

  /** FAIL: throws; SKIP: true when {@code bad}'s place was not counted before. */
  private boolean counted(Split split, BadExample bad) {
    if (policy == Policy.FAIL) throw bad;
    if (!seen.add(bad.kind() + "\n" + bad.error())) return false;
    counts.computeIfAbsent(split, s -> new ConcurrentHashMap<>()).merge(bad.kind(), 1L, Long::sum);
    return true;
  }

  /** Bad examples skipped so far, over every split and kind. */
  public long skipped() {
    return counts.values().stream()
        .flatMap(m -> m.values().stream())
        .mapToLong(Long::longValue)
        .sum();
  }

  /** Skipped examples by split (lower case) then kind, sorted; empty when none was skipped. */
  public Map<String, Map<String, Long>> counts() {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    counts.forEach(
        (split, kinds) -> out.put(split.name().toLowerCase(Locale.ROOT), new TreeMap<>(kinds)));
    return out;
  }

  /**
   * The warnings not yet taken: one per skipped example up to {@value #MAX_WARNINGS}, and one per
   * file abandoned.
   */
  public synchronized List<String> takeWarnings() {
    List<String> out = List.copyOf(warnings);
    warnings.clear();
    return out;
  }

  private synchronized void warn(String message, boolean always) {
    if (always || warned < MAX_WARNINGS) {
      warnings.add(message);
    } else if (warned == MAX_WARNINGS) {
      warnings.add("more bad examples skipped: counted in run.json, not listed");
    }
    warned++;
  }
}
