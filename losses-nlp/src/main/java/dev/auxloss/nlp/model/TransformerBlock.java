package dev.auxloss.nlp.model;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import java.util.function.BiConsumer;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * One transformer block (Vaswani et al. 2017) with a GELU feed-forward layer, or a {@link
 * MoeFeedForward} when {@code moe} is set. Pre-LN (GPT-2, the default): {@code h = x +
 * Attn(LN(x))}, then {@code h + FFN(LN(h))}; the stack needs a final layer norm. Post-LN (the
 * original transformer and BERT): {@code h = LN(x + Attn(x))}, then {@code LN(h + FFN(h))}. Both
 * name their norms {@code ln1} and {@code ln2}. Shapes are static in T and D; only the batch is
 * dynamic.
 *
 * @param dim model width D
 * @param heads attention heads; D must divide by it
 * @param ffDim feed-forward width (4·D by convention)
 * @param dropout rate on attention weights and residual branches while training
 * @param moe a mixture-of-experts feed-forward layer instead of the dense one, or null
 * @param postNorm layer norm after each residual sum (BERT) instead of before each branch
 */
public record TransformerBlock(
    int dim, int heads, int ffDim, double dropout, MoeFeedForward moe, boolean postNorm) {
  /** A pre-LN block. */
  public TransformerBlock(int dim, int heads, int ffDim, double dropout, MoeFeedForward moe) {
    this(dim, heads, ffDim, dropout, moe, false);
  }

  public TransformerBlock {
    if (dim <= 0 || heads <= 0 || dim % heads != 0) {
      throw new IllegalArgumentException(
          "dim must be a positive multiple of heads, found dim " + dim + ", heads " + heads);
    }
    TextModelConfig.FF_DIM.validate(ffDim);
    TextModelConfig.DROPOUT.validate(dropout);
  }

  /**
   * Applies the block to {@code x} [B,T,D] with variables under {@code l}'s prefix.
   *
   * @param bias attention bias [B,1,T,T] from {@link AttentionMask#bias}
   * @param tokenMask [B,T], 1 on real tokens (MoE routing skips padding)
   * @param publish receives MoE endpoints ({@code router_logits}, {@code dispatch}...) by local
   *     name
   */
  public Operand<TFloat32> apply(
      Layers l,
      Operand<TFloat32> x,
      Operand<TFloat32> bias,
      Operand<TFloat32> tokenMask,
      BiConsumer<String, Operand<?>> publish) {
    Ops tf = l.tf();
    if (postNorm) {
      Operand<TFloat32> a = attention(l.scoped("attn"), x, bias);
      Operand<TFloat32> h = l.layerNorm("ln1", tf.math.add(x, l.dropout(a, dropout)));
      Operand<TFloat32> f = feedForward(l, h, tokenMask, publish);
      return l.layerNorm("ln2", tf.math.add(h, l.dropout(f, dropout)));
    }
    Operand<TFloat32> a = attention(l.scoped("attn"), l.layerNorm("ln1", x), bias);
    Operand<TFloat32> h = tf.math.add(x, l.dropout(a, dropout));
    Operand<TFloat32> f = feedForward(l, l.layerNorm("ln2", h), tokenMask, publish);
    return tf.math.add(h, l.dropout(f, dropout));
  }

  private Operand<TFloat32> feedForward(
      Layers l,
      Operand<TFloat32> x,
      Operand<TFloat32> tokenMask,
      BiConsumer<String, Operand<?>> publish) {
    return moe != null
        ? moe.apply(l.scoped("moe"), x, tokenMask, publish)
        : SeqLayers.dense(
            l, "ff2", SeqLayers.dense(l, "ff1", x, ffDim, Activation.GELU), dim, Activation.NONE);
  }

  /** Multi-head scaled dot-product attention: softmax(QKᵀ/√d_h + bias)·V, heads concatenated. */
  Operand<TFloat32> attention(Layers l, Operand<TFloat32> x, Operand<TFloat32> bias) {
    Ops tf = l.tf();
    int t = (int) x.shape().get(1);
    int dh = dim / heads;
    Operand<TFloat32> q = split(tf, SeqLayers.dense(l, "q", x, dim, Activation.NONE), t, dh);
    Operand<TFloat32> k = split(tf, SeqLayers.dense(l, "k", x, dim, Activation.NONE), t, dh);
    Operand<TFloat32> v = split(tf, SeqLayers.dense(l, "v", x, dim, Activation.NONE), t, dh);
    Operand<TFloat32> scores =
        tf.math.add(
            tf.math.mul(
                tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)),
                tf.constant((float) (1 / Math.sqrt(dh)))),
            bias);
    Operand<TFloat32> p = l.dropout(tf.nn.softmax(scores), dropout);
    Operand<TFloat32> o = tf.train.batchMatMul(p, v, TFloat32.class);
    Operand<TFloat32> merged =
        tf.reshape(
            tf.linalg.transpose(o, tf.constant(new int[] {0, 2, 1, 3})),
            tf.constant(new int[] {-1, t, dim}));
    return SeqLayers.dense(l, "out", merged, dim, Activation.NONE);
  }

  /** [B,T,D] → [B,H,T,D/H]. */
  private Operand<TFloat32> split(Ops tf, Operand<TFloat32> x, int t, int dh) {
    Operand<TFloat32> r = tf.reshape(x, tf.constant(new int[] {-1, t, heads, dh}));
    return tf.linalg.transpose(r, tf.constant(new int[] {0, 2, 1, 3}));
  }
}
