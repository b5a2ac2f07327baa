package dev.auxloss.nlp.loss.internal;

import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.params.Params;
import java.util.function.Function;

/** A {@link LossFactory} from a descriptor and a reader that validates params and makes the loss. */
public record SimpleLossFactory(LossDescriptor descriptor, Function<Params, AuxLoss> maker)
    implements LossFactory {
  @Override
  public AuxLoss create(Params params) {
    return maker.apply(params);
  }
}
