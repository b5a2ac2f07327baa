package dev.auxloss.nlp.loss;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.TextDataset;
import dev.auxloss.nlp.loss.internal.NlpParams;
import dev.auxloss.nlp.loss.internal.TextOps;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code nlp.sentence_order}: ALBERT's sentence-order prediction (Lan et al. 2020) as an auxiliary.
 * Each sequence's real text (between the fixed BOS and EOS) is cut at its middle into segments A
 * and B; the graph builds the swapped sequence {@code BOS B A EOS} (same length, so the same
 * padding), the model runs again on it, and a train-only logistic head on {@code
 * sentence/embedding} must tell the original order (label 1) from the swapped one (label 0). Every
 * sequence contributes both orders, so the classes are balanced without sampling; sequences with
 * fewer than two real pieces between the fixed ends are skipped. ALBERT adds SOP unweighted to MLM:
 * default weight 1.
 *
 * <p>Example: ids {@code [3, 10, 11, 12, 13, 4, 0]} swap to {@code [3, 12, 13, 10, 11, 4, 0]}.
 *
 * <p><b>Versus ALBERT.</b> ALBERT feeds each pair once, swapped with probability 50 %, as two
 * consecutive text segments cut at a sentence boundary, {@code [CLS] A [SEP] B [SEP]} with segment
 * (token-type) embeddings. Here every sequence is scored in both orders (one extra model pass), the
 * cut is at the token midpoint (A = the first ⌊n/2⌋ of the n movable tokens), not at a sentence
 * boundary, and no separator or segment embedding marks it: the text models here have no token-type
 * embeddings, so the head must infer the order from the content alone.
 */
public record SentenceOrderLoss(SentenceOrderLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.sentence_order";
  public static final Param<String> EMBEDDING =
      NlpParams.name("embedding", "sentence/embedding", "sentence embedding endpoint [B,D]");
  public static final Param<String> TOKENS =
      NlpParams.name(
          "tokens", TextDataset.TOKENS, "int32 token input [B,T] (swapped in the second pass)");
  public static final Param<String> MASK =
      NlpParams.name("mask", TextDataset.TOKEN_MASK, "float32 token mask field [B,T]");
  public static final Param<Integer> FIXED_PREFIX =
      Param.integer("fixed_prefix", 1, "leading positions kept in place (BOS)").atLeast(0);
  public static final Param<Integer> FIXED_SUFFIX =
      Param.integer("fixed_suffix", 1, "trailing real positions kept in place (EOS)").atLeast(0);

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.AUXILIARY)
              .weight(1.0)
              .summary(
                  "logistic head tells original from segment-swapped text (second pass), both orders per sequence")
              .paper("Lan et al. 2020, ALBERT sentence-order prediction")
              .params(EMBEDDING, TOKENS, MASK, FIXED_PREFIX, FIXED_SUFFIX)
              .build(),
          p -> new SentenceOrderLoss(Config.read(p)));

  /**
   * @param embedding sentence embedding endpoint [B,D], read from both passes
   * @param fixedPrefix leading positions never moved (1: BOS)
   * @param fixedSuffix trailing real positions never moved (1: EOS)
   */
  public record Config(
      String embedding, String tokens, String mask, int fixedPrefix, int fixedSuffix) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      EMBEDDING.validate(embedding);
      TOKENS.validate(tokens);
      MASK.validate(mask);
      FIXED_PREFIX.validate(fixedPrefix);
      FIXED_SUFFIX.validate(fixedSuffix);
    }

    static Config read(Params p) {
      return new Config(
          p.get(EMBEDDING), p.get(TOKENS), p.get(MASK), p.get(FIXED_PREFIX), p.get(FIXED_SUFFIX));
    }
  }

  /** The swapped sequences and which rows could be swapped. */
  public record Swap(Operand<TInt32> tokens, Operand<TFloat32> valid) {}

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TInt32> tokens = ctx.input(config.tokens(), TInt32.class);
    Swap swap = swap(tf, tokens, ctx.input(config.mask(), TFloat32.class));
    Operand<TFloat32> inOrder = ctx.endpoint(config.embedding());
    Operand<TFloat32> swapped =
        ctx.runModel(config.tokens(), swap.tokens()).endpoint(config.embedding());
    Layers l = ctx.layers();
    return orderLoss(tf, head(tf, l, inOrder), head(tf, l, swapped), swap.valid());
  }

  /**
   * Builds {@code prefix B A suffix padding} from {@code prefix A B suffix padding}, row by row.
   */
  public Swap swap(Ops tf, Operand<TInt32> tokens, Operand<TFloat32> mask) {
    int t = TextOps.length(tokens, "nlp.sentence_order tokens");
    Operand<TInt32> len = tf.dtypes.cast(tf.reduceSum(mask, tf.constant(1)), TInt32.class);
    Operand<TInt32> n =
        tf.expandDims(
            tf.math.sub(len, tf.constant(config.fixedPrefix() + config.fixedSuffix())),
            tf.constant(1));
    Operand<TInt32> a = tf.math.floorDiv(n, tf.constant(2));
    Operand<TInt32> b = tf.math.sub(n, a);
    int[] positions = new int[t];
    for (int i = 0; i < t; i++) positions[i] = i;
    Operand<TInt32> j = tf.constant(new int[][] {positions});
    Operand<TInt32> rel = tf.math.sub(j, tf.constant(config.fixedPrefix()));
    Operand<TBool> inB =
        tf.math.logicalAnd(tf.math.greaterEqual(rel, tf.constant(0)), tf.math.less(rel, b));
    Operand<TBool> inA = tf.math.logicalAnd(tf.math.greaterEqual(rel, b), tf.math.less(rel, n));
    Operand<TInt32> fromB = tf.math.add(j, a);
    Operand<TInt32> fromA = tf.math.sub(j, b);
    Operand<TInt32> jAll = tf.math.add(j, tf.zerosLike(tokens));
    Operand<TInt32> source = tf.select(inB, fromB, tf.select(inA, fromA, jAll));
    Operand<TInt32> swapped = tf.gather(tokens, source, tf.constant(1), Gather.batchDims(1L));
    Operand<TFloat32> valid =
        tf.dtypes.cast(
            tf.math.greaterEqual(tf.squeeze(n, Squeeze.axis(1L)), tf.constant(2)), TFloat32.class);
    return new Swap(swapped, tf.reshape(valid, tf.constant(new int[] {-1})));
  }

  /** The deterministic core: mean of BCE(in-order, 1) and BCE(swapped, 0) over valid rows. */
  public static Operand<TFloat32> orderLoss(
      Ops tf,
      Operand<TFloat32> inOrderLogits,
      Operand<TFloat32> swappedLogits,
      Operand<TFloat32> valid) {
    Operand<TFloat32> pos =
        LossOps.maskedMean(
            tf, TextOps.sigmoidCrossEntropy(tf, inOrderLogits, tf.constant(1f)), valid);
    Operand<TFloat32> neg =
        LossOps.maskedMean(
            tf, TextOps.sigmoidCrossEntropy(tf, swappedLogits, tf.constant(0f)), valid);
    return tf.math.mul(tf.math.add(pos, neg), tf.constant(0.5f));
  }

  private static Operand<TFloat32> head(Ops tf, Layers l, Operand<TFloat32> embedding) {
    return tf.reshape(l.dense("head", embedding, 1, Activation.NONE), tf.constant(new int[] {-1}));
  }
}
