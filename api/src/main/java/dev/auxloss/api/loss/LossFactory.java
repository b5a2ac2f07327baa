package dev.auxloss.api.loss;

import dev.auxloss.api.params.Params;

/**
 * Makes a configured {@link AuxLoss} from typed config parameters. Bound under its key with {@link
 * dev.auxloss.api.guice.AuxLosses#contribute}.
 *
 * <p>{@link #create} validates every parameter and reports all problems at once through {@link
 * Params#check()}; it never builds ops.
 */
public interface LossFactory {
  LossDescriptor descriptor();

  AuxLoss create(Params params);
}
