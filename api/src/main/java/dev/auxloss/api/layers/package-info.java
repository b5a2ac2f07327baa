/**
 * The layer kit: dense, conv2d, pooling, global average pool, embedding, layer norm, batch norm,
 * residual and bottleneck blocks, and dropout on resource variables from a {@link
 * dev.auxloss.api.layers.VariableStore}. Variables created for loss heads are tagged train-only and
 * never reach the export. State that is not a gradient update (batch norm's moving statistics) is
 * registered with {@link dev.auxloss.api.layers.VariableStore#updateWithStep} and written by the
 * training step's one run.
 */
package dev.auxloss.api.layers;
