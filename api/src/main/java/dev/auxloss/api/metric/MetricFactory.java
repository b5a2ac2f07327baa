package dev.auxloss.api.metric;

import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Params;
import java.util.function.Function;

/**
 * Makes an {@link AuxMetric} from config parameters; contributed with {@link
 * dev.auxloss.api.guice.AuxMetrics#contribute}. The framework has checked {@code params} against
 * {@code descriptor().params()} before {@link #create} runs (types, rules, required and unknown
 * names, all reported together); {@code create} never builds ops.
 */
public interface MetricFactory {
  Descriptor descriptor();

  AuxMetric create(Params params);

  /** The usual factory: {@code MetricFactory.of(DESCRIPTOR, p -> new TopKAccuracy(p.get(K)))}. */
  static MetricFactory of(Descriptor descriptor, Function<Params, ? extends AuxMetric> reader) {
    return new MetricFactory() {
      @Override
      public Descriptor descriptor() {
        return descriptor;
      }

      @Override
      public AuxMetric create(Params params) {
        return reader.apply(params);
      }
    };
  }
}
