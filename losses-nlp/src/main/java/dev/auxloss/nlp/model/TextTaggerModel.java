package dev.auxloss.nlp.model;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.nlp.metric.NlpMetrics;
import dev.auxloss.nlp.text.PunctuationTags;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code text-tagger}: a transformer sequence labeller serving per-token {@code logits} [B,T,tags].
 *
 * <p>The default encoder is <b>bi-causal</b>: a forward stack with causal attention and a backward
 * stack with anti-causal attention over the same embeddings, concatenated — the transformer
 * analogue of the BiLSTM in Rei (2017). {@code tokens/hidden} [B,T,2D] then holds the forward
 * states in its first half and the backward states in its second half, which is what {@code
 * nlp.rei_lm} needs: neither half has seen the token it is asked to predict. {@code bidirectional}
 * (full attention, [B,T,D]) tags better on its own but makes the Rei objective trivial; {@code
 * causal} is the forward stack alone.
 *
 * <pre>{@code
 * ModelFn m = TextTaggerModel.FACTORY.create(Params.of("vocab_size", 100, "tags", 5));
 * }</pre>
 */
public final class TextTaggerModel implements ModelFn {
  public static final Param<Integer> TAGS = TextModelConfig.outputs("tags", PunctuationTags.COUNT);
  public static final Param<String> ATTENTION =
      Param.choice(
          "attention",
          "bi-causal",
          List.of("bi-causal", "bidirectional", "causal"),
          "encoder attention (bi-causal: Rei 2017's setting)");

  public static final ModelFactory FACTORY =
      ModelFactory.of(
          Descriptor.builder("text-tagger")
              .summary(
                  "transformer tagger (bi-causal, bidirectional or causal) with per-token logits")
              .params(TextModelConfig.params(TAGS, ATTENTION))
              .build(),
          p -> new TextTaggerModel(TextModelConfig.read(p, TAGS, ATTENTION)));

  private final TextModelConfig cfg;

  public TextTaggerModel(TextModelConfig cfg) {
    ATTENTION.validate(cfg.attention());
    this.cfg = cfg;
  }

  public TextModelConfig config() {
    return cfg;
  }

  /**
   * A tagger: token accuracy over real tokens and the tags' macro F1, as every evaluation reported
   * before metrics were named.
   */
  @Override
  public java.util.List<String> defaultMetrics() {
    return java.util.List.of(NlpMetrics.TOKEN_ACCURACY_KEY, NlpMetrics.TAG_MACRO_F1_KEY);
  }

  @Override
  public void build(ModelContext ctx) {
    Ops tf = ctx.tf();
    TextEncoder enc = new TextEncoder(cfg, ctx);
    Layers l = enc.layers();
    Operand<TFloat32> x = enc.embed();
    Operand<TFloat32> h =
        switch (cfg.attention()) {
          case "bi-causal" ->
              tf.concat(
                  List.of(
                      enc.stack(x, AttentionMask.CAUSAL, "fwd/", "fwd"),
                      enc.stack(x, AttentionMask.ANTI_CAUSAL, "bwd/", "bwd")),
                  tf.constant(-1));
          case "causal" -> enc.stack(x, AttentionMask.CAUSAL, "", "");
          default -> enc.stack(x, AttentionMask.FULL, "", "");
        };
    ctx.publish("tokens/hidden", h);
    ctx.publish("tokens/embedding_table", enc.table);
    ctx.output(
        "logits",
        SeqLayers.dense(l, "tagger", l.dropout(h, cfg.dropout()), cfg.outputs(), Activation.NONE));
  }
}
