package dev.auxloss.nlp.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Which keys a query may attend to, as an additive bias: 0 where allowed, −1e9 where not. Padding
 * keys are always excluded. A padded query may see nothing real (anti-causal at the end of a
 * sequence); its row then spreads evenly over padding, stays finite and is masked out of every
 * loss.
 */
public enum AttentionMask {
  /** Query t sees keys ≤ t: a left-to-right language model. */
  CAUSAL,
  /** Query t sees keys ≥ t: the backward half of a bi-causal encoder (right-to-left LM). */
  ANTI_CAUSAL,
  /** Every real key: a bidirectional (BERT-style) encoder. */
  FULL;

  /** The bias [B,1,T,T] for a padding mask [B,T] (1 real, 0 pad) of static length {@code t}. */
  public Operand<TFloat32> bias(Ops tf, Operand<TFloat32> tokenMask, int t) {
    float[][] allowed = new float[t][t];
    for (int q = 0; q < t; q++) {
      for (int k = 0; k < t; k++) {
        allowed[q][k] =
            switch (this) {
              case CAUSAL -> k <= q ? 1f : 0f;
              case ANTI_CAUSAL -> k >= q ? 1f : 0f;
              case FULL -> 1f;
            };
      }
    }
    Operand<TFloat32> keys = tf.reshape(tokenMask, tf.constant(new int[] {-1, 1, 1, t}));
    Operand<TFloat32> both = tf.math.mul(tf.constant(allowed), keys);
    return tf.math.mul(tf.math.sub(both, tf.constant(1f)), tf.constant(1e9f));
  }

  /** 1 on real tokens, 0 on padding, from the ids ({@code PAD = 0}). */
  public static Operand<TFloat32> fromTokens(Ops tf, Operand<TInt32> tokens) {
    return tf.dtypes.cast(tf.math.notEqual(tokens, tf.constant(0)), TFloat32.class);
  }
}
