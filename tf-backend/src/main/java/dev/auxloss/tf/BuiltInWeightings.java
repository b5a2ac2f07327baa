package dev.auxloss.tf;

import com.google.inject.Binder;

/** The adaptive and gradient-conflict strategies, bound under their keys (see the weighting package). */
final class BuiltInWeightings {
  private BuiltInWeightings() {}

  static void bind(Binder binder) {}
}
