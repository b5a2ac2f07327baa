/**
 * Turning text into fixed-length id sequences the same way in training and in serving.
 *
 * <p>A {@link dev.auxloss.nlp.text.Tokenizer} splits normalised text into pieces (characters or
 * words and punctuation, or the subwords of a {@link dev.auxloss.nlp.text.SubwordTokenizer} file: a
 * Hugging Face {@code tokenizer.json} or a WordPiece {@code vocab.txt}, see {@link
 * dev.auxloss.nlp.text.Tokenizers}); a {@link dev.auxloss.nlp.text.Vocabulary} maps pieces to ids
 * with the special tokens first ({@code PAD=0, UNK=1, MASK=2, BOS=3, EOS=4}); a {@link
 * dev.auxloss.nlp.text.TextPipeline} ties both to a sequence length and travels with the export as
 * {@code vocab.txt} + {@code text_pipeline.properties} (+ the subword tokenizer's file).
 *
 * <pre>{@code
 * TextPipeline p = new TextPipeline(Tokenizer.named("word"), vocab, 8);
 * p.encode("Hello, world").ids();   // [3, id(hello), id(,), id(world), 4, 0, 0, 0]
 * }</pre>
 */
package dev.auxloss.nlp.text;
