/**
 * The TensorFlow backend: everything that owns native resources. {@link
 * dev.auxloss.tf.TfBackendModule} binds the built-ins; {@code train.TfTrainingSession} builds the
 * fused step, trains, checkpoints and exports.
 */
package dev.auxloss.tf;
