package dev.auxloss.api.guice;

import com.google.inject.Binder;
import dev.auxloss.api.metric.MetricFactory;

/**
 * Contributes an evaluation metric from any Guice module under the key its descriptor states; a key
 * bound twice is a configuration error naming both modules.
 *
 * <pre>{@code
 * protected void configure() {
 *   AuxMetrics.contribute(binder(), MetricFactory.of(DESCRIPTOR, p -> new MyMetric(p.get(K))));
 * }
 * }</pre>
 */
public final class AuxMetrics {
  private AuxMetrics() {}

  /**
   * Binds {@code factory} under {@code factory.descriptor().key()}, such as {@code
   * vision.top_k_accuracy}.
   */
  public static void contribute(Binder binder, MetricFactory factory) {
    Contributions.contribute(
        binder, MetricFactory.class, factory, factory.descriptor().key(), KEY_RULE);
  }

  /** Declares the (possibly empty) map, for modules that only consume it. */
  public static void declare(Binder binder) {
    Contributions.declare(binder, MetricFactory.class);
  }

  private static final String KEY_RULE = "[a-z0-9_]+(\\.[a-z0-9_]+)+";
}
