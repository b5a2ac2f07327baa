package dev.auxloss.api.model;

/**
 * A network: builds the forward graph from its inputs and publishes named endpoints. It is called
 * in training mode for the training graph and again, in a fresh graph, in inference mode for the
 * export — so anything only training needs belongs in a loss head, not here.
 */
@FunctionalInterface
public interface ModelFn {
  void build(ModelContext ctx);
}
