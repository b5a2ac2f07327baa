package dev.auxloss.nlp.loss;

import dev.auxloss.api.layers.Activation;
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
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * {@code nlp.simcse}: unsupervised SimCSE (Gao et al. 2021) as an auxiliary. The model runs a
 * second time on the same tokens ({@code ctx.runModel("tokens", tokens)}): its dropout draws new
 * masks, so the two {@code sentence/embedding}s of a sentence are two "views". Each view goes
 * through a train-only tanh MLP (the paper uses it in training only), and the InfoNCE loss with
 * in-batch negatives and cosine similarity is averaged over sentences that have a real token:
 *
 * <pre>  ℓᵢ = −log( exp(cos(zᵢ, zᵢ′)/τ) / Σⱼ exp(cos(zᵢ, zⱼ′)/τ) ),   τ = 0.05</pre>
 *
 * The model needs dropout while training (text-lm: 0.1, as SimCSE); without it both views coincide.
 *
 * <p>Example: two sentences whose views are the unit vectors e₁,e₁ and e₂,e₂ (no MLP), τ = 1 →
 * {@code log(1 + e^{−1}) ≈ 0.3133}; with τ = 0.05 the same pair gives {@code log(1 + e^{−20}) ≈
 * 2e-9}.
 */
public record SimCseLoss(SimCseLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.simcse";
  public static final Param<String> EMBEDDING =
      NlpParams.name("embedding", "sentence/embedding", "sentence embedding endpoint [B,D]");
  public static final Param<String> TOKENS =
      NlpParams.name("tokens", TextDataset.TOKENS, "the input the second pass re-reads");
  public static final Param<String> MASK =
      NlpParams.name(
          "mask", TextDataset.TOKEN_MASK, "token mask field [B,T]; empty sentences are skipped");
  public static final Param<Double> TEMPERATURE =
      Param.number("temperature", 0.05, "softmax temperature τ").above(0);
  public static final Param<Boolean> MLP =
      Param.flag("mlp", true, "train-only dense+tanh on both views");

  public static final LossFactory FACTORY =
      LossFactory.of(
          LossDescriptor.builder(KEY)
              .role(Role.AUXILIARY)
              .weight(1.0)
              .summary(
                  "InfoNCE between two dropout views of each sentence, in-batch negatives, cosine/τ")
              .paper("Gao et al. 2021, SimCSE (τ = 0.05)")
              .params(EMBEDDING, TOKENS, MASK, TEMPERATURE, MLP)
              .build(),
          p -> new SimCseLoss(Config.read(p)));

  /**
   * @param embedding sentence embedding endpoint [B,D], read from both passes
   * @param temperature τ (0.05)
   * @param mlp pass both views through a train-only dense+tanh layer (true)
   */
  public record Config(
      String embedding, String tokens, String mask, double temperature, boolean mlp) {
    public static final Config DEFAULTS = read(Params.empty());

    public Config {
      EMBEDDING.validate(embedding);
      TOKENS.validate(tokens);
      MASK.validate(mask);
      TEMPERATURE.validate(temperature);
    }

    static Config read(Params p) {
      return new Config(
          p.get(EMBEDDING), p.get(TOKENS), p.get(MASK), p.get(TEMPERATURE), p.get(MLP));
    }
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    Operand<TFloat32> z1 = ctx.endpoint(config.embedding());
    TextOps.requireRank(z1, 2, "nlp.simcse embedding '" + config.embedding() + "'");
    Operand<?> tokens = ctx.input(config.tokens(), org.tensorflow.types.family.TType.class);
    Operand<TFloat32> z2 = ctx.runModel(config.tokens(), tokens).endpoint(config.embedding());
    if (config.mlp()) {
      int d = TextOps.width(z1, "nlp.simcse embedding");
      z1 = ctx.layers().dense("mlp", z1, d, Activation.TANH);
      z2 = ctx.layers().dense("mlp", z2, d, Activation.TANH);
    }
    Operand<TFloat32> mask = ctx.input(config.mask(), TFloat32.class);
    Operand<TFloat32> real =
        tf.dtypes.cast(
            tf.math.greater(tf.reduceSum(mask, tf.constant(1)), tf.constant(0f)), TFloat32.class);
    return infoNce(tf, z1, z2, config.temperature(), real);
  }

  /**
   * The deterministic core: mean over weighted rows of the InfoNCE loss between views z1 and z2
   * [B,D].
   */
  public static Operand<TFloat32> infoNce(
      Ops tf,
      Operand<TFloat32> z1,
      Operand<TFloat32> z2,
      double temperature,
      Operand<TFloat32> rowWeights) {
    Operand<TFloat32> n1 = normalize(tf, z1);
    Operand<TFloat32> n2 = normalize(tf, z2);
    Operand<TFloat32> invTau = tf.constant((float) (1 / temperature));
    Operand<TFloat32> sim = tf.math.mul(tf.linalg.matMul(n1, n2, MatMul.transposeB(true)), invTau);
    Operand<TFloat32> pos = tf.math.mul(tf.reduceSum(tf.math.mul(n1, n2), tf.constant(1)), invTau);
    return LossOps.maskedMean(tf, tf.math.sub(TextOps.logSumExp(tf, sim), pos), rowWeights);
  }

  private static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> z) {
    Operand<TFloat32> sq =
        tf.reduceSum(tf.math.square(z), tf.constant(1), ReduceSum.keepDims(true));
    return tf.math.mul(z, tf.math.rsqrt(tf.math.add(sq, tf.constant(1e-12f))));
  }
}
