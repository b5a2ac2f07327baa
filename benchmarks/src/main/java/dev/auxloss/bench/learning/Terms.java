package dev.auxloss.bench.learning;

import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.api.schedule.WeightSchedule;
import dev.auxloss.config.TermPlan;

/** Builds loss terms from the registry by key, as a config would. */
final class Terms {
  private Terms() {}

  /** The primary term, weight 1, named {@code primary}. */
  static TermPlan primary(Catalog c, String key) {
    return new TermPlan(
        "primary", key, Role.PRIMARY, 1, Schedules.constant(1), c.loss(key, Params.empty()));
  }

  static TermPlan auxiliary(
      Catalog c, String name, String key, double weight, WeightSchedule schedule, Params p) {
    return new TermPlan(name, key, Role.AUXILIARY, weight, schedule, c.loss(key, p));
  }
}
