package dev.auxloss.api.data;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Params;
import java.util.function.BiFunction;
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

  /**
   * {@link #create(Params)} with the run's {@code data.on_bad_example} policy: a reader that can
   * meet bad examples hands each to {@code bad} ({@link BadExamples#reject}) instead of throwing
   * it. The default ignores {@code bad}, for datasets whose examples cannot be bad (synthetic ones)
   * or that always fail.
   */
  default Dataset create(Params params, BadExamples bad) {
    return create(params);
  }

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

  /**
   * A factory whose reader takes the bad-example policy: {@code create(params)} alone fails on the
   * first bad example.
   */
  static DatasetFactory ofReader(
      Descriptor descriptor, BiFunction<Params, BadExamples, ? extends Dataset> reader) {
    return new DatasetFactory() {
      @Override
      public Descriptor descriptor() {
        return descriptor;
      }

      @Override
      public Dataset create(Params params) {
        return reader.apply(params, BadExamples.failing());
      }

      @Override
      public Dataset create(Params params, BadExamples bad) {
        return reader.apply(params, bad);
      }
    };
  }
}
