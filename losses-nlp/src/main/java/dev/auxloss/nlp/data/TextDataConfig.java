package dev.auxloss.nlp.data;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.text.Tokenizer;
import java.util.List;

/**
 * How a text dataset is tokenized, encoded and labelled; shared by every text dataset.
 *
 * @param tokenizer {@code char} or {@code word}
 * @param seqLen ids per sequence, BOS and EOS included (default 64, the {@code text-lm} benchmark)
 * @param minCount pieces seen fewer times in the training split become UNK (default 2)
 * @param maxVocab at most this many ids, special tokens included (default 5000)
 * @param labelFraction share of training examples that keep their label, chosen per class by a hash
 *     of the text, at least one per class when &gt; 0 (default 1)
 * @param vocab a saved {@code vocab.txt} to use instead of building one; empty to build
 */
public record TextDataConfig(
    String tokenizer, int seqLen, int minCount, int maxVocab, double labelFraction, String vocab) {
  public static final TextDataConfig DEFAULTS = new TextDataConfig("word", 64, 2, 5000, 1.0, "");

  public TextDataConfig {
    if (!Tokenizer.NAMES.contains(tokenizer)) {
      throw new IllegalArgumentException("tokenizer must be one of " + Tokenizer.NAMES + ", found '" + tokenizer + "'");
    }
    if (seqLen < 3) throw new IllegalArgumentException("seq_len must be >= 3, found " + seqLen);
    if (minCount < 1) throw new IllegalArgumentException("min_count must be >= 1, found " + minCount);
    if (maxVocab < 6) throw new IllegalArgumentException("max_vocab must be >= 6, found " + maxVocab);
    if (!(labelFraction >= 0 && labelFraction <= 1)) {
      throw new IllegalArgumentException("label_fraction must be in [0, 1], found " + labelFraction);
    }
  }

  /** The parameters, with defaults from {@link #DEFAULTS}. */
  public static List<ParamSpec> specs() {
    TextDataConfig d = DEFAULTS;
    return List.of(
        ParamSpec.text("tokenizer", d.tokenizer(), "char | word"),
        ParamSpec.integer("seq_len", d.seqLen(), "ids per sequence, BOS and EOS included"),
        ParamSpec.integer("min_count", d.minCount(), "rarer training pieces become UNK"),
        ParamSpec.integer("max_vocab", d.maxVocab(), "vocabulary size cap, special tokens included"),
        ParamSpec.number("label_fraction", d.labelFraction(),
            "share of training examples keeping their label (deterministic, per class)"),
        ParamSpec.text("vocab", d.vocab(), "a saved vocab.txt to reuse; empty builds one from TRAIN"));
  }

  /** Reads the shared parameters; errors are collected in {@code p} (call {@code p.check} after). */
  public static TextDataConfig read(Params p) {
    TextDataConfig d = DEFAULTS;
    String tok = p.choice("tokenizer", d.tokenizer(), Tokenizer.NAMES);
    int seqLen = p.integer("seq_len", d.seqLen(), x -> x >= 3, "must be >= 3");
    int minCount = p.integer("min_count", d.minCount(), x -> x >= 1, "must be >= 1");
    int maxVocab = p.integer("max_vocab", d.maxVocab(), x -> x >= 6, "must be >= 6 (5 special tokens + 1)");
    double frac = p.number("label_fraction", d.labelFraction(), x -> x >= 0 && x <= 1, "must be in [0, 1]");
    String vocab = p.text("vocab", d.vocab());
    if (seqLen < 3 || minCount < 1 || maxVocab < 6 || !(frac >= 0 && frac <= 1)) return d;
    return new TextDataConfig(tok, seqLen, minCount, maxVocab, frac, vocab);
  }
}
