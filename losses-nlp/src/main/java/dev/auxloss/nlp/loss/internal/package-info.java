/**
 * Shared machinery of the NLP losses, not part of the public surface: the parameter shapes they
 * declare their {@code Param}s with, graph math beyond {@code LossOps}, BERT-style in-graph masking
 * and the MoE layer collection.
 */
package dev.auxloss.nlp.loss.internal;
