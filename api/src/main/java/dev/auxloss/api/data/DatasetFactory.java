package dev.auxloss.api.data;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Params;
import java.util.function.Function;

/**
 * Makes a {@link Dataset} from config parameters; contributed with {@code AuxDatasets.contribute}.
 * The framework has checked {@code params} against {@code descriptor().params()} before {@link
 * #create} runs. Missing or malformed files are {@link dev.auxloss.api.params.ConfigException}s
 * naming the file.
 */
public interface DatasetFactory {
  Descriptor descriptor();

  Dataset create(Params params);

  /** The usual factory: {@code DatasetFactory.of(DESCRIPTOR, p -> new MyDataset(p.get(SIZE)))}. */
  static DatasetFactory of(Descriptor descriptor, Function<Params, ? extends Dataset> reader) {
    return new DatasetFactory() {
      @Override
      public Descriptor descriptor() {
        return descriptor;
      }

      @Override
      public Dataset create(Params params) {
        return reader.apply(params);
      }
    };
  }
}
