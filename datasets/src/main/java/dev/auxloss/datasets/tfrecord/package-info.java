/**
 * The {@code tfrecord} dataset: TFRecord framing with both masked CRC32Cs verified, {@code
 * tf.train.Example} features decoded to batch fields as declared in the config, streamed through a
 * shuffle buffer.
 */
package dev.auxloss.datasets.tfrecord;
