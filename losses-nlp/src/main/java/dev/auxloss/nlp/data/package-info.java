/**
 * Text datasets: the Debian {@code fortunes} corpus (category classification, LM text, punctuation
 * restoration) and a synthetic generator with learnable classes for tests.
 *
 * <p>Every dataset yields {@code tokens} int32 [T], {@code token_mask} float32 [T] (1 real, 0 pad),
 * {@code label_mask} float32 [] and either {@code label} int32 [] (classification) or {@code tags}
 * int32 [T] (tagging). Splits are deterministic: a quote's split follows from a hash of its text,
 * so the same quote lands in the same split whatever categories are read. The vocabulary is built
 * from the training split only and exported as {@code vocab.txt}.
 *
 * <pre>{@code
 * Dataset d = FortunesDatasetFactory.classification().create(Params.of("categories", "computers,science"));
 * d.specs();  // tokens [64], token_mask [64], label [], label_mask []
 * }</pre>
 */
package dev.auxloss.nlp.data;
