package dev.auxloss.config;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.schedule.WeightSchedule;

/**
 * One resolved loss term: effective weight = {@code weight × schedule(step) × strategy weight}.
 *
 * @param name unique term name (the key unless the config renamed it)
 * @param key the registered loss key
 * @param role primary, auxiliary or regularizer
 * @param weight the configured (or paper default) weight, &gt;= 0
 * @param schedule multiplies the weight over the global step
 * @param loss the configured loss
 */
public record TermPlan(
    String name, String key, Role role, double weight, WeightSchedule schedule, AuxLoss loss) {
  public TermPlan {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight must be a finite number >= 0, found " + weight + " (loss " + name + ")");
    }
  }
}
