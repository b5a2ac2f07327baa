/**
 * TensorBoard event files written from plain Java: no TensorFlow op, no session, no native call.
 *
 * <p>An event file is a TFRecord file ({@link dev.auxloss.tf.summary.TfRecordWriter}) of serialized
 * {@code org.tensorflow.proto.Event} messages: first a {@code file_version: "brain.Event:2"} event,
 * then one event per logged step holding scalar {@code Summary} values. {@link
 * dev.auxloss.tf.summary.TfSummaryListener} writes a run's per-term scalars as training goes;
 * {@link dev.auxloss.tf.summary.TfEventReader} reads a file back (tests, reports).
 *
 * <pre>{@code
 * try (TfEventWriter w = TfEventWriter.create(runDir.resolve("tensorboard"))) {
 *   w.scalars(100, Map.of("loss/total", 0.42, "term/vision.aux_classifier/weight", 0.3));
 * }
 * // tensorboard --logdir runs/   shows loss/total and term/vision.aux_classifier/weight at step 100
 * }</pre>
 */
package dev.auxloss.tf.summary;
