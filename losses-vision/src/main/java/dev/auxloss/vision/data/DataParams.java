package dev.auxloss.vision.data;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;

/** Parameters every vision dataset shares: the labelled fraction and the seed that picks it. */
final class DataParams {
  private DataParams() {}

  static final double DEFAULT_LABEL_FRACTION = 1.0;
  static final int DEFAULT_LABEL_SEED = 0;

  static final ParamSpec LABEL_FRACTION = ParamSpec.number("label_fraction", DEFAULT_LABEL_FRACTION,
      "share of training examples that keep their label (stratified by class); the rest get label_mask 0");
  static final ParamSpec LABEL_SEED = ParamSpec.integer("label_seed", DEFAULT_LABEL_SEED,
      "seed choosing which training examples keep their label");

  static double labelFraction(Params p) {
    return p.number("label_fraction", DEFAULT_LABEL_FRACTION, x -> x > 0 && x <= 1, "must be in (0, 1]");
  }

  static int labelSeed(Params p) {
    return p.integer("label_seed", DEFAULT_LABEL_SEED);
  }
}
