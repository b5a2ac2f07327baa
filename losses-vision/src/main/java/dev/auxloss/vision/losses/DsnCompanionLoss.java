package dev.auxloss.vision.losses;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.vision.ops.VisionOps;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code vision.dsn_companion}: deeply-supervised companion objectives on several hidden layers
 * (Lee et al. 2015, "Deeply-Supervised Nets", AISTATS).
 *
 * <p>Each listed endpoint gets a linear classifier (global average pool for {@code [B,H,W,C]} maps,
 * then a dense layer to K scores). DSN trains these companions with the multi-class squared hinge
 * loss {@code ℓ_m = Σ_{k≠y} max(0, margin − (s_y − s_k))²} with margin 1; {@code kind =
 * cross_entropy} uses softmax cross-entropy instead. The term is
 *
 * <pre>  Σ_m α_m · max(0, (λ/2)·‖w_m‖² + ℓ_m − γ)</pre>
 *
 * <p>with per-layer weights α_m ({@code layer_weights}, default 1 each) and the DSN threshold γ
 * ({@code threshold}): once a layer's companion objective drops below γ it stops contributing, so
 * the companions guide early training and then get out of the way. γ = 0 (default) never switches
 * off. Each ℓ_m is a batch mean over labelled examples.
 *
 * <p>{@code ‖w_m‖²} is the squared L2 norm of companion m's classifier kernel (the bias is not
 * penalised), inside the hinge as in the paper's companion objective {@code α_m[‖w^(m)‖² + ℓ(W,
 * w^(m)) − γ]_+} (Lee et al. 2015). The paper writes it with no coefficient and names no value for
 * it; the scale used here, λ = {@code companion_weight_decay} = 5e-4, is the one its experiments
 * ran with: the authors' released Caffe setups (github.com/s9xie/DSN, CIFAR-10) train the companion
 * classifiers {@code ip_svm*} with solver {@code weight_decay: 0.0005} on the weights and 0 on the
 * biases, and Caffe's weight decay λ adds λ·w to the gradient, that is (λ/2)·‖w‖² to the objective.
 * λ = 0 leaves the classifiers unpenalised. The penalty does not depend on the label mask.
 *
 * <p>The decay of the companions over training (DSN multiplies α_m by a factor that falls to 0 over
 * the epochs, or drops them after N epochs) is a weight schedule on this term, set in the config,
 * for example {@code Schedules.linear(1, 0, 0, N)} or {@code Schedules.offAfter(N)}; it changes
 * without rebuilding the graph. Companion variables are train-only and never exported.
 *
 * <p>Standalone: one companion on a 1-feature endpoint with kernel (1, −1), bias 0, feature 0
 * (scores 0, 0), label 0, margin 1, γ = 0: ℓ = 1 and the term is 1 + (λ/2)·2 = 1.0005.
 *
 * <p><b>Versus the released Caffe code.</b> The squared hinge here is the paper's pairwise form
 * Σ_{k≠y} max(0, 1 − (s_y − s_k))²; s9xie/DSN's {@code SquaredHingeLossLayer} is the one-vs-rest
 * L2-SVM Σ_j max(0, 1 − t_j·s_j)² (t_y = +1, all other t_j = −1), so values and gradients differ:
 * {@code kind = one_vs_rest_hinge} selects that one. Its companions read the flattened pre-ReLU
 * conv map, while here each reads the named endpoint (whatever it is, pre- or post-activation),
 * global-average-pooled if it is a map; and it decayed α_m through the learning-rate policy, here a
 * weight schedule on the term (above).
 *
 * @param endpoints hidden endpoints that get a companion, shallowest first
 * @param layerWeights α_m, one per endpoint
 * @param kind {@code squared_hinge} (DSN's pairwise), {@code one_vs_rest_hinge} or {@code
 *     cross_entropy}
 * @param margin hinge margin (1 in DSN)
 * @param threshold γ; 0 keeps the companions active
 * @param companionWeightDecay λ of the (λ/2)·‖w_m‖² penalty on each companion kernel; 0 = none
 * @param label the int32 label field
 * @param classes number of classes; 0 takes the last dimension of {@code logits}
 */
public record DsnCompanionLoss(
    List<String> endpoints,
    List<Double> layerWeights,
    String kind,
    double margin,
    double threshold,
    double companionWeightDecay,
    String label,
    int classes)
    implements AuxLoss {
  public static final String KEY = "vision.dsn_companion";
  public static final String SQUARED_HINGE = "squared_hinge";
  public static final String CROSS_ENTROPY = "cross_entropy";

  /** The released Caffe code's L2-SVM: Σ_j max(0, margin − t_j·s_j)², t_y = +1, else −1. */
  public static final String ONE_VS_REST_HINGE = "one_vs_rest_hinge";

  /** α_m of every companion when {@code layer_weights} is not given. */
  public static final double DEFAULT_LAYER_WEIGHT = 1.0;

  public static final Param<String> ENDPOINTS =
      LossParams.endpointList(
          "endpoints",
          "stage1/features,stage2/features",
          "comma-separated hidden endpoints, shallowest first");
  public static final Param<List<Double>> LAYER_WEIGHTS =
      LossParams.weights(
          "layer_weights", "α_m per endpoint; empty = " + DEFAULT_LAYER_WEIGHT + " each");
  public static final Param<String> KIND =
      Param.choice(
          "kind",
          SQUARED_HINGE,
          List.of(SQUARED_HINGE, ONE_VS_REST_HINGE, CROSS_ENTROPY),
          "squared_hinge (the paper's pairwise), one_vs_rest_hinge (the released code's) or cross_entropy");

  /** The SVM margin of Lee et al. 2015, Eq. (3). */
  public static final Param<Double> MARGIN =
      Param.number("margin", 1, "squared-hinge margin").above(0);

  public static final Param<Double> THRESHOLD =
      Param.number("threshold", 0, "γ: a layer contributes max(0, loss - γ); 0 = always on")
          .atLeast(0);

  /**
   * Caffe weight decay on the companion kernels in the authors' released experiments (s9xie/DSN).
   */
  public static final Param<Double> COMPANION_WEIGHT_DECAY =
      Param.number(
              "companion_weight_decay",
              5e-4,
              "λ: adds (λ/2)·‖w_m‖² of each companion kernel inside the hinge (DSN's ‖w^(m)‖²); 0 = off")
          .atLeast(0);

  public static final Param<String> LABEL = LossParams.name("label", "label", "int32 label field");

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .weight(
              1) // each companion starts at the output loss's weight; the schedule decays it (the
          // paper tunes α_m)
          .summary(
              "DSN companion classifiers (squared hinge or cross-entropy, ‖w‖² penalty) on several hidden"
                  + " layers")
          .paper("Lee et al. 2015, Deeply-Supervised Nets, AISTATS")
          .params(
              ENDPOINTS,
              LAYER_WEIGHTS,
              KIND,
              MARGIN,
              THRESHOLD,
              COMPANION_WEIGHT_DECAY,
              LABEL,
              LossParams.CLASSES)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(
          DESCRIPTOR,
          p -> {
            List<String> endpoints = LossParams.split(p.get(ENDPOINTS));
            List<Double> weights =
                LossParams.orEach(p.get(LAYER_WEIGHTS), endpoints.size(), DEFAULT_LAYER_WEIGHT);
            return new DsnCompanionLoss(
                endpoints,
                weights,
                p.get(KIND),
                p.get(MARGIN),
                p.get(THRESHOLD),
                p.get(COMPANION_WEIGHT_DECAY),
                p.get(LABEL),
                p.get(LossParams.CLASSES));
          });

  public DsnCompanionLoss {
    endpoints = List.copyOf(endpoints);
    ENDPOINTS.validate(String.join(",", endpoints));
    layerWeights = LossParams.onePerEndpoint(LAYER_WEIGHTS, layerWeights, endpoints);
    KIND.validate(kind);
    MARGIN.validate(margin);
    THRESHOLD.validate(threshold);
    COMPANION_WEIGHT_DECAY.validate(companionWeightDecay);
    LossParams.CLASSES.validate(classes);
  }

  /** Companions on {@code endpoints} with the DSN defaults. */
  public static DsnCompanionLoss on(String... endpoints) {
    return (DsnCompanionLoss) FACTORY.create(Params.of("endpoints", String.join(",", endpoints)));
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    int k = Heads.classes(ctx, classes, KEY);
    Operand<TInt32> labels = Heads.labels(ctx, label);
    Operand<TFloat32> onehot = LossOps.smoothedOneHot(tf, labels, k, 0);
    Operand<TFloat32> total = null;
    for (int m = 0; m < endpoints.size(); m++) {
      String name = endpoints.get(m);
      Layers l = ctx.layers().scoped("companion" + m);
      Operand<TFloat32> features =
          Heads.vector(tf, ctx.endpoint(name), KEY + ": endpoint '" + name + "'");
      Operand<TFloat32> scores = l.dense("classifier", features, k, Activation.NONE);
      Operand<TFloat32> perExample =
          switch (kind) {
            case SQUARED_HINGE -> squaredHinge(tf, scores, onehot, margin);
            case ONE_VS_REST_HINGE -> oneVsRestSquaredHinge(tf, scores, onehot, margin);
            default -> LossOps.crossEntropy(tf, scores, labels, 0);
          };
      Operand<TFloat32> layerLoss = LossOps.maskedMean(tf, perExample, ctx.labelMask());
      if (companionWeightDecay > 0) {
        layerLoss =
            tf.math.add(
                layerLoss,
                halfSquaredNorm(
                    tf,
                    l.variable(
                        "classifier/kernel",
                        Shape.of(VisionOps.lastDim(features, name), k),
                        Initializer.glorotUniform()),
                    companionWeightDecay));
      }
      if (threshold > 0) {
        layerLoss =
            tf.math.maximum(
                tf.math.sub(layerLoss, tf.constant((float) threshold)), tf.constant(0f));
      }
      Operand<TFloat32> weighted =
          tf.math.mul(layerLoss, tf.constant(layerWeights.get(m).floatValue()));
      total = total == null ? weighted : tf.math.add(total, weighted);
    }
    return total;
  }

  /**
   * {@code (λ/2)·Σ w²}. {@code kernel} is the classifier's existing variable: the store returns the
   * one {@link Layers#dense} created under that name (the initializer is not used again).
   */
  static Operand<TFloat32> halfSquaredNorm(Ops tf, Operand<TFloat32> kernel, double lambda) {
    Operand<TFloat32> sum = tf.reduceSum(tf.math.square(kernel), tf.constant(new int[] {0, 1}));
    return tf.math.mul(sum, tf.constant((float) (lambda / 2)));
  }

  /** {@code Σ_j max(0, margin − t_j·s_j)²} per row, t = +1 for the label and −1 for the rest. */
  static Operand<TFloat32> oneVsRestSquaredHinge(
      Ops tf, Operand<TFloat32> scores, Operand<TFloat32> onehot, double margin) {
    Operand<TFloat32> t = tf.math.sub(tf.math.mul(tf.constant(2f), onehot), tf.constant(1f));
    Operand<TFloat32> violation =
        tf.nn.relu(tf.math.sub(tf.constant((float) margin), tf.math.mul(t, scores)));
    return tf.reduceSum(tf.math.square(violation), tf.constant(-1));
  }

  /**
   * {@code Σ_{k≠y} max(0, margin − (s_y − s_k))²} per row (Crammer–Singer style, summed over wrong
   * classes).
   */
  static Operand<TFloat32> squaredHinge(
      Ops tf, Operand<TFloat32> scores, Operand<TFloat32> onehot, double margin) {
    Operand<TFloat32> trueScore =
        tf.reduceSum(tf.math.mul(scores, onehot), tf.constant(-1), ReduceSum.keepDims(true));
    Operand<TFloat32> violation =
        tf.nn.relu(tf.math.add(tf.math.sub(scores, trueScore), tf.constant((float) margin)));
    Operand<TFloat32> wrong = tf.math.sub(tf.constant(1f), onehot);
    return tf.reduceSum(tf.math.mul(tf.math.square(violation), wrong), tf.constant(-1));
  }
}
