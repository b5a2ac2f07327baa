package dev.auxloss.bench.learning;

import dev.auxloss.api.weighting.WeightingStrategy;
import dev.auxloss.config.TermPlan;
import java.util.List;

/**
 * One side of a comparison: the loss terms and the weighting strategy that combines them. Every arm
 * of a benchmark shares the model, data, optimizer, step budget and seeds ({@link Setting}).
 *
 * @param name short label printed in the result lines ({@code base}, {@code aux}, {@code
 *     static-0.3}...)
 * @param terms the primary term first, then the auxiliaries
 * @param weightingName the strategy's registry key ({@code static}, {@code uncertainty}...)
 * @param weighting the strategy
 */
public record Arm(
    String name, List<TermPlan> terms, String weightingName, WeightingStrategy weighting) {
  public Arm {
    terms = List.copyOf(terms);
    if (terms.isEmpty()) throw new IllegalArgumentException("arm " + name + " has no loss term");
  }

  /** The same terms under another strategy. */
  public Arm withWeighting(String newName, String key, WeightingStrategy w) {
    return new Arm(newName, terms, key, w);
  }
}
