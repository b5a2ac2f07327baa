package dev.auxloss.nlp.text;

import java.util.List;

/**
 * The reserved ids at the start of every {@link Vocabulary}. Losses rely on them: padding is id 0
 * (never a target), masking writes {@link #MASK}, and ids below {@link #COUNT} are never chosen for
 * masking or as random replacements.
 */
public final class SpecialTokens {
  private SpecialTokens() {}

  /** Padding after the end of a sequence; masked out of every loss. */
  public static final int PAD = 0;

  /** A piece the vocabulary does not hold. */
  public static final int UNK = 1;

  /** The masked-LM placeholder (BERT's {@code [MASK]}). */
  public static final int MASK = 2;

  /** Start of a sequence. */
  public static final int BOS = 3;

  /** End of a sequence; the classifier reads the hidden state here (the last real position). */
  public static final int EOS = 4;

  /** How many ids are reserved; the first regular piece has this id. */
  public static final int COUNT = 5;

  /** Their spelling in {@code vocab.txt}, in id order. */
  public static final List<String> NAMES = List.of("<pad>", "<unk>", "<mask>", "<bos>", "<eos>");
}
