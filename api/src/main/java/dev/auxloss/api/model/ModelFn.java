package dev.auxloss.api.model;

/**
 * A network: builds the forward graph from its inputs and publishes named endpoints. It is called
 * in training mode for the training graph and again, in a fresh graph, in inference mode for the
 * export — so anything only training needs belongs in a loss head, not here.
 */
@FunctionalInterface
public interface ModelFn {
  void build(ModelContext ctx);

  /**
   * The keys of the metrics an evaluation reports when the experiment names none (a classifier's
   * {@code vision.accuracy}...): the model's domain knows what its outputs mean. A default that
   * does not fit the data (no such field) is left out; a metric the experiment names must fit.
   */
  default java.util.List<String> defaultMetrics() {
    return java.util.List.of();
  }
}
