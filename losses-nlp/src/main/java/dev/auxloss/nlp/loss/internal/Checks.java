package dev.auxloss.nlp.loss.internal;

import dev.auxloss.api.params.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a parameter record, written once: a record's compact constructor calls {@link
 * #orThrow()}, and its config reader calls {@link #reportTo(Params)} so the same rules show up among
 * all the other configuration errors.
 *
 * <pre>{@code
 * Checks.of("nlp.mlm").between("mask_prob", p, 0, 1).orThrow();
 * // IllegalArgumentException: nlp.mlm: mask_prob must be in [0.0, 1.0], found 1.5
 * }</pre>
 */
public final class Checks {
  private final String owner;
  private final List<String[]> problems = new ArrayList<>();

  private Checks(String owner) {
    this.owner = owner;
  }

  public static Checks of(String owner) {
    return new Checks(owner);
  }

  /** Records {@code message} (the rule and the value) for {@code param} unless {@code ok}. */
  public Checks rule(boolean ok, String param, String message) {
    if (!ok) problems.add(new String[] {param, message});
    return this;
  }

  public Checks positive(String param, double v) {
    return rule(v > 0, param, "must be > 0, found " + v);
  }

  public Checks nonNegative(String param, double v) {
    return rule(v >= 0, param, "must be >= 0, found " + v);
  }

  public Checks atLeast(String param, double v, double min) {
    return rule(v >= min, param, "must be >= " + min + ", found " + v);
  }

  public Checks between(String param, double v, double lo, double hi) {
    return rule(v >= lo && v <= hi, param, "must be in [" + lo + ", " + hi + "], found " + v);
  }

  public Checks notBlank(String param, String v) {
    return rule(v != null && !v.isBlank(), param, "must name something, found '" + v + "'");
  }

  public Checks oneOf(String param, String v, List<String> allowed) {
    return rule(allowed.contains(v), param, "must be one of " + allowed + ", found '" + v + "'");
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** Throws every problem as one {@link IllegalArgumentException}. */
  public void orThrow() {
    if (problems.isEmpty()) return;
    StringBuilder sb = new StringBuilder(owner).append(": ");
    for (int i = 0; i < problems.size(); i++) {
      if (i > 0) sb.append("; ");
      sb.append(problems.get(i)[0]).append(' ').append(problems.get(i)[1]);
    }
    throw new IllegalArgumentException(sb.toString());
  }

  /** Adds every problem to {@code params}' collected errors. */
  public void reportTo(Params params) {
    for (String[] p : problems) params.error(p[0], p[1]);
  }
}
