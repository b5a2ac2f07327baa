package dev.auxloss.nlp.loss;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.loss.internal.Checks;
import dev.auxloss.nlp.loss.internal.SimpleLossFactory;
import dev.auxloss.nlp.loss.internal.TextOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * {@code nlp.simcse}: unsupervised SimCSE (Gao et al. 2021) as an auxiliary. The model runs a second
 * time on the same tokens ({@code ctx.runModel("tokens", tokens)}): its dropout draws new masks, so
 * the two {@code sentence/embedding}s of a sentence are two "views". Each view goes through a
 * train-only tanh MLP (the paper uses it in training only), and the InfoNCE loss with in-batch
 * negatives and cosine similarity is averaged over sentences that have a real token:
 *
 * <pre>  ℓᵢ = −log( exp(cos(zᵢ, zᵢ′)/τ) / Σⱼ exp(cos(zᵢ, zⱼ′)/τ) ),   τ = 0.05</pre>
 *
 * The model needs dropout while training (text-lm: 0.1, as SimCSE); without it both views coincide.
 *
 * <p>Example: two sentences whose views are the unit vectors e₁,e₁ and e₂,e₂ (no MLP), τ = 1 →
 * {@code log(1 + e^{−1}) ≈ 0.3133}; with τ = 0.05 the same pair gives {@code log(1 + e^{−20}) ≈ 2e-9}.
 */
public record SimCseLoss(SimCseLoss.Config config) implements AuxLoss {
  public static final String KEY = "nlp.simcse";

  /**
   * @param embedding sentence embedding endpoint [B,D], read from both passes
   * @param temperature τ (0.05)
   * @param mlp pass both views through a train-only dense+tanh layer (true)
   */
  public record Config(String embedding, String tokens, String mask, double temperature, boolean mlp) {
    public static final Config DEFAULTS = new Config("sentence/embedding", "tokens", "token_mask", 0.05, true);

    public Config {
      checks(embedding, tokens, mask, temperature).orThrow();
    }

    static Checks checks(String embedding, String tokens, String mask, double temperature) {
      return Checks.of(KEY).notBlank("embedding", embedding).notBlank("tokens", tokens).notBlank("mask", mask)
          .positive("temperature", temperature);
    }

    public static List<ParamSpec> specs() {
      Config d = DEFAULTS;
      return List.of(
          ParamSpec.text("embedding", d.embedding(), "sentence embedding endpoint [B,D]"),
          ParamSpec.text("tokens", d.tokens(), "the input the second pass re-reads"),
          ParamSpec.text("mask", d.mask(), "token mask field [B,T]; empty sentences are skipped"),
          ParamSpec.number("temperature", d.temperature(), "softmax temperature τ"),
          ParamSpec.flag("mlp", d.mlp(), "train-only dense+tanh on both views"));
    }

    public static Config read(Params p) {
      Config d = DEFAULTS;
      String emb = p.text("embedding", d.embedding());
      String tokens = p.text("tokens", d.tokens());
      String mask = p.text("mask", d.mask());
      double tau = p.number("temperature", d.temperature());
      boolean mlp = p.flag("mlp", d.mlp());
      checks(emb, tokens, mask, tau).reportTo(p);
      p.check(specs());
      return new Config(emb, tokens, mask, tau, mlp);
    }
  }

  public static LossFactory factory() {
    return new SimpleLossFactory(
        new LossDescriptor(KEY, Role.AUXILIARY, 1.0,
            "InfoNCE between two dropout views of each sentence, in-batch negatives, cosine/τ",
            "Gao et al. 2021, SimCSE (τ = 0.05)", Config.specs()),
        p -> new SimCseLoss(Config.read(p)));
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
    Operand<TFloat32> real = tf.dtypes.cast(
        tf.math.greater(tf.reduceSum(mask, tf.constant(1)), tf.constant(0f)), TFloat32.class);
    return infoNce(tf, z1, z2, config.temperature(), real);
  }

  /** The deterministic core: mean over weighted rows of the InfoNCE loss between views z1 and z2 [B,D]. */
  public static Operand<TFloat32> infoNce(
      Ops tf, Operand<TFloat32> z1, Operand<TFloat32> z2, double temperature, Operand<TFloat32> rowWeights) {
    Operand<TFloat32> n1 = normalize(tf, z1);
    Operand<TFloat32> n2 = normalize(tf, z2);
    Operand<TFloat32> invTau = tf.constant((float) (1 / temperature));
    Operand<TFloat32> sim = tf.math.mul(tf.linalg.matMul(n1, n2, MatMul.transposeB(true)), invTau);
    Operand<TFloat32> pos = tf.math.mul(tf.reduceSum(tf.math.mul(n1, n2), tf.constant(1)), invTau);
    return LossOps.maskedMean(tf, tf.math.sub(TextOps.logSumExp(tf, sim), pos), rowWeights);
  }

  private static Operand<TFloat32> normalize(Ops tf, Operand<TFloat32> z) {
    Operand<TFloat32> sq = tf.reduceSum(tf.math.square(z), tf.constant(1), ReduceSum.keepDims(true));
    return tf.math.mul(z, tf.math.rsqrt(tf.math.add(sq, tf.constant(1e-12f))));
  }
}
