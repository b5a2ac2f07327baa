/**
 * The vision metrics: {@code vision.accuracy}, {@code vision.top_k_accuracy}, {@code
 * vision.mean_iou} and {@code vision.dice}, contributed by {@link
 * dev.auxloss.vision.VisionLossesModule} (see {@link dev.auxloss.vision.metrics.VisionMetrics}).
 */
package dev.auxloss.vision.metrics;
