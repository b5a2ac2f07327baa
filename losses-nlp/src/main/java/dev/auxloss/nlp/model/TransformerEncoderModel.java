package dev.auxloss.nlp.model;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.nlp.metric.NlpMetrics;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code transformer-encoder}: a BERT-like bidirectional encoder (Devlin et al. 2019, "BERT:
 * Pre-training of Deep Bidirectional Transformers for Language Understanding") built from the same
 * {@link TransformerBlock} as the other text models, post-LN by default as BERT ({@link
 * EncoderConfig}).
 *
 * <p>Embeddings: token + learned position (a table of {@code max_length} rows) + segment (when
 * {@code segment_embeddings} > 0, from the int32 field {@value #SEGMENT_IDS} [B,T]), then (post-LN)
 * a layer norm, then dropout. The blocks attend to every real token. The padding mask comes from
 * the tokens ({@code PAD = 0}, the same positions as the data's {@code token_mask}), so serving
 * feeds {@code tokens} (and {@value #SEGMENT_IDS} when segments are on) only.
 *
 * <p>Endpoints: {@code layer1/features} .. {@code layerN/features} [B,T,D] (the output of block
 * {@code i-1}: variables are {@code block0} .. {@code block<N-1>} as in the other text models),
 * {@code sequence} and {@code tokens/hidden} [B,T,D] (the last layer; pre-LN: after the final
 * norm), {@code pooled} and {@code sentence/embedding} [B,D], {@code tokens/embedding_table} [V,D],
 * {@code lm/logits} [B,T,V] (BERT's MLM head: dense + GELU, layer norm, the tied embeddings and a
 * bias; at position t: the token at t, for {@code nlp.mlm}), {@code lm/output_weights} [D,V] and
 * {@code lm/output_bias} [V] (these three in training mode only: the export has no MLM head); MoE
 * layers publish {@code moe/<i>/…}. Served output {@code logits}: [B,classes] from {@code pooled}
 * (task {@code classify}) or [B,T,tags] per token (task {@code tag}).
 *
 * <p>With the NLP losses: {@code nlp.mlm}, {@code nlp.electra_rtd} (discriminator on {@code
 * tokens/hidden}), {@code nlp.simcse} and {@code nlp.sentence_order} (on {@code
 * sentence/embedding}), {@code nlp.softmax_z_loss} and the MoE balance losses fit an encoder. The
 * left-to-right objectives ({@code nlp.next_token}, {@code nlp.mtp}, {@code nlp.rei_lm}) also
 * attach, but every position sees the token they predict, so they are trivial here as on {@code
 * text-lm} with bidirectional attention.
 *
 * <pre>{@code
 * ModelFn m = TransformerEncoderModel.FACTORY.create(Params.of("vocab_size", 100, "classes", 3));
 * // tokens [B,16] → logits [B,3]; layer1/features, layer2/features [B,16,64]; pooled [B,64]
 * }</pre>
 */
public final class TransformerEncoderModel implements ModelFn {
  /** The batch field of segment (token type) ids [B,T] (int32), read when segments are on. */
  public static final String SEGMENT_IDS = "segment_ids";

  public static final ModelFactory FACTORY =
      ModelFactory.of(
          Descriptor.builder("transformer-encoder")
              .summary(
                  "BERT-like encoder (post- or pre-LN, [CLS] or mean pooling, segments), an endpoint"
                      + " per layer; classifies or tags")
              .params(EncoderConfig.PARAMS)
              .build(),
          p -> new TransformerEncoderModel(EncoderConfig.read(p)));

  private final EncoderConfig cfg;

  public TransformerEncoderModel(EncoderConfig cfg) {
    this.cfg = cfg;
  }

  public EncoderConfig config() {
    return cfg;
  }

  /** A classifier's accuracy, or a tagger's token accuracy and tag macro F1. */
  @Override
  public List<String> defaultMetrics() {
    return cfg.tagging()
        ? List.of(NlpMetrics.TOKEN_ACCURACY_KEY, NlpMetrics.TAG_MACRO_F1_KEY)
        : List.of(NlpMetrics.ACCURACY_KEY);
  }

  @Override
  public void build(ModelContext ctx) {
    Ops tf = ctx.tf();
    TextModelConfig text = cfg.text();
    TextEncoder enc = new TextEncoder(text, ctx);
    Layers l = enc.layers();
    if (cfg.maxLength() != 0 && cfg.maxLength() < enc.t) {
      throw new IllegalArgumentException(
          "max_length must be 0 or at least the tokens input's length "
              + enc.t
              + ", found "
              + cfg.maxLength());
    }
    Operand<TFloat32> x = enc.tokensAndPositions(cfg.maxLength() != 0 ? cfg.maxLength() : enc.t);
    if (cfg.segments() > 0) {
      Operand<TInt32> segments;
      try {
        segments = ctx.input(SEGMENT_IDS, TInt32.class);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "segment_embeddings "
                + cfg.segments()
                + " needs the data to provide "
                + SEGMENT_IDS
                + " (0 turns them off): "
                + e.getMessage(),
            e);
      }
      Operand<TFloat32> table = l.embeddingTable("segment", cfg.segments(), text.dim());
      x = tf.math.add(x, tf.gather(table, segments, tf.constant(0)));
    }
    if (cfg.postNorm()) x = l.layerNorm("embedding_norm", x);
    x = l.dropout(x, text.dropout());

    List<Operand<TFloat32>> layers = enc.blocks(x, AttentionMask.FULL, "", "", cfg.postNorm());
    for (int i = 0; i < layers.size(); i++) {
      ctx.publish("layer" + (i + 1) + "/features", layers.get(i));
    }
    Operand<TFloat32> last = layers.get(layers.size() - 1);
    Operand<TFloat32> sequence = cfg.postNorm() ? last : l.layerNorm("final_norm", last);
    ctx.publish("sequence", sequence);
    ctx.publish("tokens/hidden", sequence);
    ctx.publish("tokens/embedding_table", enc.table);
    // the MLM head serves no output: the exported (inference) graph leaves it out
    if (ctx.training()) publishMlmHead(ctx, l, sequence, enc.table);

    Operand<TFloat32> pooled = pool(l, sequence, enc.tokenMask);
    ctx.publish("pooled", pooled);
    ctx.publish("sentence/embedding", pooled);
    ctx.output(
        "logits",
        cfg.tagging()
            ? SeqLayers.dense(
                l, "tagger", l.dropout(sequence, text.dropout()), text.outputs(), Activation.NONE)
            : l.dense(
                "classifier", l.dropout(pooled, text.dropout()), text.outputs(), Activation.NONE));
  }

  /**
   * BERT's MLM head ({@code cls/predictions}): dense + GELU, layer norm, then the transposed token
   * embeddings and a bias, so {@code nlp.mlm} trains the embeddings it reads.
   */
  private void publishMlmHead(
      ModelContext ctx, Layers l, Operand<TFloat32> sequence, Operand<TFloat32> table) {
    Ops tf = ctx.tf();
    TextModelConfig text = cfg.text();
    Operand<TFloat32> h =
        l.layerNorm(
            "mlm/norm", SeqLayers.dense(l, "mlm/transform", sequence, text.dim(), Activation.GELU));
    Operand<TFloat32> outW = tf.linalg.transpose(table, tf.constant(new int[] {1, 0}));
    Operand<TFloat32> outB =
        l.variable("mlm/bias", Shape.of(text.vocabSize()), Initializer.constant(0f));
    ctx.publish("lm/logits", tf.math.add(tf.linalg.einsum(List.of(h, outW), "btd,dv->btv"), outB));
    ctx.publish("lm/output_weights", outW);
    ctx.publish("lm/output_bias", outB);
  }

  /** [B,T,D] → [B,D]: position 0 through a dense + tanh pooler, or the mean over real tokens. */
  private Operand<TFloat32> pool(Layers l, Operand<TFloat32> sequence, Operand<TFloat32> mask) {
    Ops tf = l.tf();
    if (cfg.pooling().equals("cls")) {
      Operand<TFloat32> first = tf.gather(sequence, tf.constant(0), tf.constant(1));
      return l.dense("pooler", first, cfg.text().dim(), Activation.TANH);
    }
    Operand<TFloat32> m = tf.expandDims(mask, tf.constant(-1));
    Operand<TFloat32> sum = tf.reduceSum(tf.math.mul(sequence, m), tf.constant(1));
    return tf.math.div(sum, tf.math.maximum(tf.reduceSum(m, tf.constant(1)), tf.constant(1f)));
  }
}
