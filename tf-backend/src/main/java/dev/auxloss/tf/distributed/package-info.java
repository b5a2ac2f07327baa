/**
 * Synchronous data-parallel training on TensorFlow's own gRPC runtime and collective ops (being
 * written): an {@link dev.auxloss.tf.train.ExecutionTarget} per worker.
 */
package dev.auxloss.tf.distributed;
