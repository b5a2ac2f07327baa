package dev.auxloss.nlp.model;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.nlp.data.TextDataset;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The shared trunk of the text models: token embedding + learned position embedding, then a stack
 * of {@link TransformerBlock}s under one {@link AttentionMask}, then (pre-LN) a final layer norm.
 */
final class TextEncoder {
  private final TextModelConfig cfg;
  private final ModelContext ctx;
  private final Layers l;
  final Operand<TInt32> tokens;
  final Operand<TFloat32> tokenMask;
  final Operand<TFloat32> table;
  final int t;

  TextEncoder(TextModelConfig cfg, ModelContext ctx) {
    this.cfg = cfg;
    this.ctx = ctx;
    this.l = ctx.layers();
    this.tokens = ctx.input(TextDataset.TOKENS, TInt32.class);
    this.t = SeqLayers.length(tokens);
    if (cfg.seqLen() != 0 && cfg.seqLen() != t) {
      throw new IllegalArgumentException(
          "model seq_len is " + cfg.seqLen() + " but the tokens input has length " + t);
    }
    Ops tf = ctx.tf();
    this.tokenMask = AttentionMask.fromTokens(tf, tokens);
    this.table = l.embeddingTable("embedding", cfg.vocabSize(), cfg.dim());
  }

  /** Token + position embeddings with dropout: [B,T,D]. */
  Operand<TFloat32> embed() {
    return l.dropout(tokensAndPositions(t), cfg.dropout());
  }

  /**
   * Token + position embeddings, no dropout: [B,T,D]. The position table has {@code positions} rows
   * ({@code >= T}, BERT's maximum length); a sequence uses its first T.
   */
  Operand<TFloat32> tokensAndPositions(int positions) {
    Ops tf = ctx.tf();
    Operand<TFloat32> pos =
        l.variable("position/table", Shape.of(positions, cfg.dim()), Initializer.normal(0.02));
    if (positions != t) {
      int[] first = new int[t];
      for (int i = 0; i < t; i++) first[i] = i;
      pos = tf.gather(pos, tf.constant(first), tf.constant(0));
    }
    return tf.math.add(tf.gather(table, tokens, tf.constant(0)), pos);
  }

  /**
   * Runs the pre-LN blocks named {@code <prefix>block<i>} under {@code mask}; MoE layers publish
   * under {@code moe/<moePrefix><i>/}. Returns the final layer-normed hidden states [B,T,D].
   */
  Operand<TFloat32> stack(
      Operand<TFloat32> x, AttentionMask mask, String prefix, String moePrefix) {
    List<Operand<TFloat32>> outputs = blocks(x, mask, prefix, moePrefix, false);
    return l.layerNorm(prefix + "final_norm", outputs.get(outputs.size() - 1));
  }

  /**
   * Runs the blocks named {@code <prefix>block<i>} (post-LN when {@code postNorm}) under {@code
   * mask}; MoE layers publish under {@code moe/<moePrefix><i>/}. Returns each block's output
   * [B,T,D], first block first.
   */
  List<Operand<TFloat32>> blocks(
      Operand<TFloat32> x, AttentionMask mask, String prefix, String moePrefix, boolean postNorm) {
    Operand<TFloat32> bias = mask.bias(ctx.tf(), tokenMask, t);
    List<Operand<TFloat32>> outputs = new ArrayList<>();
    Operand<TFloat32> h = x;
    for (int i = 0; i < cfg.layers(); i++) {
      String moeName = "moe/" + moePrefix + i + "/";
      h =
          cfg.block(i, postNorm)
              .apply(
                  l.scoped(prefix + "block" + i),
                  h,
                  bias,
                  tokenMask,
                  (name, value) -> ctx.publish(moeName + name, value));
      outputs.add(h);
    }
    return outputs;
  }

  Layers layers() {
    return l;
  }
}
