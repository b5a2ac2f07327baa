package dev.auxloss.api.model;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Params;
import java.util.function.Function;

/**
 * Makes a {@link ModelFn} from config parameters; contributed with {@code AuxModels.contribute}.
 * The framework has checked {@code params} against {@code descriptor().params()} before {@link
 * #create} runs; {@code create} reads them and throws a {@link
 * dev.auxloss.api.params.ConfigException} only for a rule across parameters.
 */
public interface ModelFactory {
  Descriptor descriptor();

  ModelFn create(Params params);

  /** The usual factory: {@code ModelFactory.of(DESCRIPTOR, p -> new MyModelFn(p.get(SIZE)))}. */
  static ModelFactory of(Descriptor descriptor, Function<Params, ? extends ModelFn> reader) {
    return new ModelFactory() {
      @Override
      public Descriptor descriptor() {
        return descriptor;
      }

      @Override
      public ModelFn create(Params params) {
        return reader.apply(params);
      }
    };
  }
}
