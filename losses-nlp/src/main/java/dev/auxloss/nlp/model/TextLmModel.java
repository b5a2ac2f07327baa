package dev.auxloss.nlp.model;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.nlp.metric.NlpMetrics;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code text-lm}: a small transformer language model that classifies a sequence from its last real
 * position (the EOS token), the {@code text-lm} benchmark model.
 *
 * <p>Endpoints: {@code tokens/hidden} [B,T,D] (final layer norm), {@code lm/logits} [B,T,V] (at
 * position t: the prediction for token t+1 with causal attention), {@code lm/output_weights} [D,V]
 * and {@code lm/output_bias} [V] (the LM head, shared by MTP), {@code tokens/embedding_table}
 * [V,D], {@code sentence/embedding} [B,D]; served output {@code logits} [B,classes]. With {@code
 * attention=bidirectional} it is a BERT-style encoder for {@code nlp.mlm} / {@code
 * nlp.electra_rtd}.
 *
 * <pre>{@code
 * ModelFn m = TextLmModel.FACTORY.create(Params.of("vocab_size", 100, "classes", 5));
 * }</pre>
 */
public final class TextLmModel implements ModelFn {
  public static final Param<Integer> CLASSES = TextModelConfig.outputs("classes", 5);
  public static final Param<String> ATTENTION =
      Param.choice(
          "attention",
          "causal",
          List.of("causal", "bidirectional"),
          "causal (an LM) or bidirectional (a BERT-style encoder)");

  public static final ModelFactory FACTORY =
      ModelFactory.of(
          Descriptor.builder("text-lm")
              .summary(
                  "transformer LM (causal or bidirectional, optional MoE) classifying from the last real token")
              .params(TextModelConfig.params(CLASSES, ATTENTION))
              .build(),
          p -> new TextLmModel(TextModelConfig.read(p, CLASSES, ATTENTION)));

  private final TextModelConfig cfg;

  public TextLmModel(TextModelConfig cfg) {
    ATTENTION.validate(cfg.attention());
    this.cfg = cfg;
  }

  public TextModelConfig config() {
    return cfg;
  }

  /** A text classifier: its accuracy, as every evaluation reported before metrics were named. */
  @Override
  public java.util.List<String> defaultMetrics() {
    return java.util.List.of(NlpMetrics.ACCURACY_KEY);
  }

  @Override
  public void build(ModelContext ctx) {
    Ops tf = ctx.tf();
    TextEncoder enc = new TextEncoder(cfg, ctx);
    Layers l = enc.layers();
    AttentionMask mask =
        cfg.attention().equals("causal") ? AttentionMask.CAUSAL : AttentionMask.FULL;
    Operand<TFloat32> h = enc.stack(enc.embed(), mask, "", "");
    ctx.publish("tokens/hidden", h);
    ctx.publish("tokens/embedding_table", enc.table);

    Operand<TFloat32> outW =
        cfg.tied()
            ? tf.linalg.transpose(enc.table, tf.constant(new int[] {1, 0}))
            : l.variable(
                "lm_head/kernel",
                Shape.of(cfg.dim(), cfg.vocabSize()),
                Initializer.glorotUniform());
    Operand<TFloat32> outB =
        l.variable("lm_head/bias", Shape.of(cfg.vocabSize()), Initializer.constant(0f));
    ctx.publish("lm/logits", tf.math.add(tf.linalg.einsum(List.of(h, outW), "btd,dv->btv"), outB));
    ctx.publish("lm/output_weights", outW);
    ctx.publish("lm/output_bias", outB);

    Operand<TFloat32> sentence = SeqLayers.lastReal(tf, h, enc.tokenMask);
    ctx.publish("sentence/embedding", sentence);
    ctx.output(
        "logits",
        l.dense("classifier", l.dropout(sentence, cfg.dropout()), cfg.outputs(), Activation.NONE));
  }
}
