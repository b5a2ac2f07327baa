/**
 * The metric SPI, after TF Java framework's {@code Metric} and DJL's {@code Evaluator}: an {@link
 * dev.auxloss.api.metric.AuxMetric} builds per-batch statistics from a {@link
 * dev.auxloss.api.metric.MetricContext} (the model's endpoints in inference mode and the batch's
 * fields); the backend sums them over an evaluation's batches into {@link
 * dev.auxloss.api.metric.MetricTotals} and the metric finishes its value on the host. A {@link
 * dev.auxloss.api.metric.MetricFactory} makes one from config parameters; {@link
 * dev.auxloss.api.metric.Accuracy} is the accuracy the domain modules share and {@link
 * dev.auxloss.api.metric.MetricOps} the graph pieces metrics share.
 */
package dev.auxloss.api.metric;
