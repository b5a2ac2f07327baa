package dev.auxloss.api.loss;

import dev.auxloss.api.params.Params;
import java.util.function.Function;

/**
 * Makes a configured {@link AuxLoss} from config parameters; contributed with {@link
 * dev.auxloss.api.guice.AuxLosses#contribute}. The framework has checked {@code params} against
 * {@code descriptor().params()} before {@link #create} runs (types, rules, required and unknown
 * names, all reported together); {@code create} reads them with {@code params.get(PARAM)}, throws a
 * {@link dev.auxloss.api.params.ConfigException} only for a rule across parameters, and never
 * builds ops.
 */
public interface LossFactory {
  LossDescriptor descriptor();

  AuxLoss create(Params params);

  /** The usual factory: {@code LossFactory.of(DESCRIPTOR, p -> new MyLoss(p.get(ENDPOINT)))}. */
  static LossFactory of(LossDescriptor descriptor, Function<Params, ? extends AuxLoss> reader) {
    return new LossFactory() {
      @Override
      public LossDescriptor descriptor() {
        return descriptor;
      }

      @Override
      public AuxLoss create(Params params) {
        return reader.apply(params);
      }
    };
  }
}
