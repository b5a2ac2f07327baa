/**
 * The layer kit: dense, conv2d, pooling, global average pool, embedding, layer norm and dropout on
 * resource variables from a {@link dev.auxloss.api.layers.VariableStore}. Variables created for
 * loss heads are tagged train-only and never reach the export.
 */
package dev.auxloss.api.layers;
