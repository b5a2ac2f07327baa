/**
 * The trainer: {@link dev.auxloss.tf.train.TfTrainingSession} runs one {@code Session.run} per
 * step, feeds batches prepared on a background thread, checkpoints atomically and reports to
 * listeners.
 */
package dev.auxloss.tf.train;
