package dev.auxloss.nlp.loss.internal;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.nlp.text.SpecialTokens;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.op.random.RandomUniformInt;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * BERT's corruption, in the graph so every step draws anew (Devlin et al. 2019): each real,
 * non-special token is selected with probability {@code prob} (15 %); a selected token becomes
 * {@code [MASK]} with probability {@code maskShare} (80 %), a uniformly random regular token with
 * probability {@code randomShare} (10 %), and stays itself otherwise (10 %). Padding and the
 * special tokens (BOS, EOS...) are never selected.
 *
 * @param prob selection probability
 * @param maskShare share of selected tokens replaced by MASK
 * @param randomShare share of selected tokens replaced by a random token
 */
public record BertMasking(double prob, double maskShare, double randomShare) {
  /**
   * Each share is its loss's {@code Param}'s to check; only their sum is a rule across parameters.
   */
  public BertMasking {
    if (!(maskShare + randomShare <= 1 + 1e-9)) {
      throw new ConfigException(
          ConfigError.of(
              "random_token_share",
              "plus mask_token_share must be <= 1, found " + (maskShare + randomShare)));
    }
  }

  /** The corrupted tokens and which positions were selected (the positions the loss scores). */
  public record Result(Operand<TInt32> tokens, Operand<TFloat32> selected) {}

  /**
   * Corrupts {@code tokens} [B,T] (vocabulary of {@code vocab} ids) where {@code tokenMask} is 1.
   * {@code seed}/{@code stream} fix the random ops so a graph is reproducible.
   */
  public Result apply(
      Ops tf,
      Operand<TInt32> tokens,
      Operand<TFloat32> tokenMask,
      int vocab,
      long seed,
      long stream) {
    Operand<TInt32> shape = tf.shape(tokens);
    Operand<TFloat32> u1 =
        tf.random.randomUniform(
            shape, TFloat32.class, RandomUniform.seed(seed).seed2(stream * 3 + 1));
    Operand<TFloat32> u2 =
        tf.random.randomUniform(
            shape, TFloat32.class, RandomUniform.seed(seed).seed2(stream * 3 + 2));
    Operand<TInt32> random =
        tf.random.randomUniformInt(
            shape,
            tf.constant(SpecialTokens.COUNT),
            tf.constant(Math.max(vocab, SpecialTokens.COUNT + 1)),
            RandomUniformInt.seed(seed).seed2(stream * 3 + 3));
    return corrupt(tf, tokens, tokenMask, u1, u2, random);
  }

  /**
   * The deterministic core of {@link #apply}: the same rules given the uniform draws {@code u1}
   * (selection), {@code u2} (which replacement) and the random tokens, so tests can fix them.
   */
  public Result corrupt(
      Ops tf,
      Operand<TInt32> tokens,
      Operand<TFloat32> tokenMask,
      Operand<TFloat32> u1,
      Operand<TFloat32> u2,
      Operand<TInt32> randomTokens) {
    Operand<TFloat32> regular =
        tf.dtypes.cast(
            tf.math.greaterEqual(tokens, tf.constant(SpecialTokens.COUNT)), TFloat32.class);
    Operand<TFloat32> selected =
        tf.math.mul(
            tf.math.mul(tokenMask, regular),
            tf.dtypes.cast(tf.math.less(u1, tf.constant((float) prob)), TFloat32.class));
    Operand<TBool> isSel = tf.math.greater(selected, tf.constant(0f));
    Operand<TBool> toMask =
        tf.math.logicalAnd(isSel, tf.math.less(u2, tf.constant((float) maskShare)));
    Operand<TBool> toRandom =
        tf.math.logicalAnd(
            isSel,
            tf.math.logicalAnd(
                tf.math.greaterEqual(u2, tf.constant((float) maskShare)),
                tf.math.less(u2, tf.constant((float) (maskShare + randomShare)))));
    Operand<TInt32> out = tf.select(toRandom, randomTokens, tokens);
    out = tf.select(toMask, tf.fill(tf.shape(tokens), tf.constant(SpecialTokens.MASK)), out);
    return new Result(out, selected);
  }
}
