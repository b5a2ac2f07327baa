/**
 * The weighting SPI: a {@link dev.auxloss.api.weighting.WeightingStrategy} combines terms into
 * per-variable gradients in the graph, with state in checkpointed variables.
 */
package dev.auxloss.api.weighting;
