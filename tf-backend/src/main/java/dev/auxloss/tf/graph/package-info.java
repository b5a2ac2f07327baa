/**
 * Graph construction: the variable store, model/loss contexts, gradients, weighting context,
 * optimizer updates and saver that together form the one fused training step, and the evaluation
 * pass that runs the plan's metrics.
 */
package dev.auxloss.tf.graph;
