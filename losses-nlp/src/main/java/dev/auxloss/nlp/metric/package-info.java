/**
 * The NLP metrics: {@code nlp.accuracy}, {@code nlp.token_accuracy}, {@code nlp.tag_macro_f1} and
 * {@code nlp.span_f1}, contributed by {@link dev.auxloss.nlp.NlpLossesModule} (see {@link
 * dev.auxloss.nlp.metric.NlpMetrics}).
 */
package dev.auxloss.nlp.metric;
