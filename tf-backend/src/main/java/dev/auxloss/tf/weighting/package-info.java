/**
 * Built-in weighting strategies, each a graph-building {@link
 * dev.auxloss.api.weighting.WeightingStrategy} that runs inside the single training step.
 */
package dev.auxloss.tf.weighting;
