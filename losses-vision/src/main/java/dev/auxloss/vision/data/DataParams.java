package dev.auxloss.vision.data;

import dev.auxloss.api.params.Param;

/** Parameters every vision dataset shares: the labelled fraction and the seed that picks it. */
final class DataParams {
  private DataParams() {}

  static final Param<Double> LABEL_FRACTION =
      Param.number(
              "label_fraction",
              1.0,
              "share of training examples that keep their label (stratified by class); the rest get label_mask 0")
          .check(x -> x > 0 && x <= 1, "must be in (0, 1]");
  static final Param<Integer> LABEL_SEED =
      Param.integer("label_seed", 0, "seed choosing which training examples keep their label");
}
