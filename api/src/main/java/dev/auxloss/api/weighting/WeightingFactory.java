package dev.auxloss.api.weighting;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Params;
import java.util.function.Function;

/**
 * Makes a {@link WeightingStrategy} from config parameters; contributed with {@code
 * AuxWeightings.contribute}. The framework has checked {@code params} against {@code
 * descriptor().params()} (the descriptor's paper is the one its defaults follow) before {@link
 * #create} runs.
 */
public interface WeightingFactory {
  Descriptor descriptor();

  WeightingStrategy create(Params params);

  /**
   * The usual factory: {@code WeightingFactory.of(DESCRIPTOR, p -> new MyWeighting(p.get(SIZE)))}.
   */
  static WeightingFactory of(
      Descriptor descriptor, Function<Params, ? extends WeightingStrategy> reader) {
    return new WeightingFactory() {
      @Override
      public Descriptor descriptor() {
        return descriptor;
      }

      @Override
      public WeightingStrategy create(Params params) {
        return reader.apply(params);
      }
    };
  }
}
