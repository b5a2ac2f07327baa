/**
 * Shared machinery of the NLP losses, not part of the public surface: parameter rule checking,
 * masked token cross-entropy and other graph math, BERT-style in-graph masking and a plain {@code
 * LossFactory} implementation.
 */
package dev.auxloss.nlp.loss.internal;
