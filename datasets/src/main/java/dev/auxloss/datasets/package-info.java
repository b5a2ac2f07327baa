/**
 * Datasets users bring in the formats other tools read: {@code tfrecord} (files of {@code
 * tf.train.Example}). Installed by {@link dev.auxloss.datasets.DatasetsModule} when this jar is on
 * the classpath.
 */
package dev.auxloss.datasets;
