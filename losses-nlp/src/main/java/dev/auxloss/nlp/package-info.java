/**
 * Language-model auxiliary objectives, mixture-of-experts losses and real text tasks for auxloss.
 *
 * <p>Install {@link dev.auxloss.nlp.NlpLossesModule} (or let auxloss discover it, an {@code
 * AuxlossPlugin}) and every {@code nlp.*} loss, the {@code text-lm} and {@code text-tagger} models
 * and the {@code fortunes}, {@code fortunes-punct} and {@code synthetic-text} datasets become
 * available by name:
 *
 * <ul>
 *   <li>{@link dev.auxloss.nlp.text} — tokenizers, vocabulary, the text pipeline shared with
 *       serving;
 *   <li>{@link dev.auxloss.nlp.data} — the Debian fortunes corpus and a synthetic generator as
 *       datasets;
 *   <li>{@link dev.auxloss.nlp.model} — statically shaped transformer and MoE reference models;
 *   <li>{@link dev.auxloss.nlp.loss} — the loss terms, each with its paper defaults.
 * </ul>
 *
 * Padding never contributes to any loss: every term weights tokens by the {@code token_mask} field.
 */
package dev.auxloss.nlp;
