package dev.auxloss.nlp.data;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.loss.internal.NlpParams;
import dev.auxloss.nlp.text.Tokenizer;
import dev.auxloss.nlp.text.Tokenizers;
import java.util.List;

/**
 * How a text dataset is tokenized, encoded and labelled; shared by every text dataset.
 *
 * @param tokenizer {@code word}, {@code char}, {@code hf:<tokenizer.json>} or {@code
 *     wordpiece:<vocab.txt>}; a subword tokenizer's file fixes the vocabulary, so {@code min_count}
 *     and {@code max_vocab} do not apply and {@code vocab} must stay empty
 * @param seqLen ids per sequence, BOS and EOS included (default 64, the {@code text-lm} benchmark)
 * @param minCount pieces seen fewer times in the training split become UNK (default 2)
 * @param maxVocab at most this many ids, special tokens included (default 5000)
 * @param labelFraction share of training examples that keep their label, chosen per class by a hash
 *     of the text, at least one per class when &gt; 0 (default 1)
 * @param vocab a saved {@code vocab.txt} to use instead of building one; empty to build
 */
public record TextDataConfig(
    String tokenizer, int seqLen, int minCount, int maxVocab, double labelFraction, String vocab) {
  public static final Param<String> TOKENIZER =
      Param.text(
              "tokenizer",
              "word",
              "how text is split into pieces; a subword tokenizer's file also fixes the vocabulary"
                  + " (its ids + 5) and goes with the run and the export")
          .check(Tokenizers::valid, Tokenizers.RULE);
  public static final Param<Integer> SEQ_LEN =
      Param.integer("seq_len", 64, "ids per sequence, BOS and EOS included").atLeast(3);
  public static final Param<Integer> MIN_COUNT =
      Param.integer("min_count", 2, "rarer training pieces become UNK (word and char)").atLeast(1);
  public static final Param<Integer> MAX_VOCAB =
      Param.integer(
              "max_vocab", 5000, "vocabulary size cap, special tokens included (word and char)")
          .check(v -> v >= 6, "must be >= 6 (5 special tokens + 1)");
  public static final Param<Double> LABEL_FRACTION =
      NlpParams.share(
          "label_fraction",
          1.0,
          "share of training examples keeping their label (deterministic, per class)");
  public static final Param<String> VOCAB =
      Param.text(
          "vocab",
          "",
          "a saved vocab.txt to reuse; empty builds one from TRAIN (word and char tokenizers)");

  /** The parameters every text dataset has. */
  public static final List<Param<?>> PARAMS =
      List.of(TOKENIZER, SEQ_LEN, MIN_COUNT, MAX_VOCAB, LABEL_FRACTION, VOCAB);

  public static final TextDataConfig DEFAULTS = read(Params.empty());

  public TextDataConfig {
    TOKENIZER.validate(tokenizer);
    SEQ_LEN.validate(seqLen);
    MIN_COUNT.validate(minCount);
    MAX_VOCAB.validate(maxVocab);
    LABEL_FRACTION.validate(labelFraction);
    if (!vocab.isEmpty() && !Tokenizer.NAMES.contains(tokenizer)) {
      throw new ConfigException(
          ConfigError.of(
              VOCAB.name(),
              "must be empty with a subword tokenizer ('"
                  + tokenizer
                  + "' brings its own vocabulary), found '"
                  + vocab
                  + "'"));
    }
  }

  /** The tokenizer {@link #tokenizer} names, its file (if any) read now. */
  public Tokenizer openTokenizer() {
    return Tokenizers.open(tokenizer, TOKENIZER.name());
  }

  /** The shared parameters of {@code p}. */
  public static TextDataConfig read(Params p) {
    return new TextDataConfig(
        p.get(TOKENIZER),
        p.get(SEQ_LEN),
        p.get(MIN_COUNT),
        p.get(MAX_VOCAB),
        p.get(LABEL_FRACTION),
        p.get(VOCAB));
  }
}
