package dev.auxloss.vision.losses;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.LossOps;
import dev.auxloss.api.params.Param;
import dev.auxloss.vision.ops.VisionOps;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code vision.aux_classifier}: a GoogLeNet auxiliary classifier on an intermediate endpoint,
 * weight 0.3 (Szegedy et al. 2014, "Going Deeper with Convolutions", §5).
 *
 * <p>The head is the paper's: average pool 5×5 stride 3 → 1×1 conv with 128 filters + ReLU → fully
 * connected 1024 + ReLU → dropout 70 % → linear classifier, trained with softmax cross-entropy on
 * the labelled examples (label mask). {@code head = small} scales it down for 28×28 inputs (pool
 * 2×2 stride 2, 32 filters, 128 units, dropout 50 %). The pool window is clamped to the feature
 * map, so a 4×4 map is pooled to 1×1 instead of failing; a rank-2 endpoint skips pool and conv.
 *
 * <p>Inception-v3 (Szegedy et al. 2016, "Rethinking the Inception Architecture for Computer
 * Vision", §4 and §7): {@code head = inception-v3} (pool 5×5 stride 3 → 1×1 conv 128 → 768 units
 * over the whole pooled map, no dropout; the paper's batch norm in the head is left out) with
 * {@code weight: 0.4} (TF-slim's Inception-v3 training) and {@code label_smoothing: 0.1}, which v3
 * applied to every classifier.
 *
 * <p>The head's variables come from {@link LossContext#layers()}: they live under {@code
 * heads/<term>/} and are train-only, so the exported model has no trace of them, as GoogLeNet
 * discarded its auxiliary networks at inference. Batch mean over labelled examples.
 *
 * <pre>{@code
 * AuxLoss aux = new AuxClassifierLoss("block1/features", AuxClassifierLoss.Head.SMALL, "label", 0);
 * }</pre>
 *
 * @param endpoint the intermediate endpoint the head reads ({@code [B,H,W,C]} or {@code [B,D]})
 * @param head the head's size
 * @param label the int32 label field
 * @param classes number of classes; 0 takes the last dimension of the {@code logits} endpoint
 * @param labelSmoothing ε: targets (1 − ε)·onehot + ε/K
 */
public record AuxClassifierLoss(
    String endpoint, Head head, String label, int classes, double labelSmoothing)
    implements AuxLoss {
  public static final String KEY = "vision.aux_classifier";

  /**
   * Head sizes.
   *
   * @param name the value of the {@code head} parameter
   * @param pool average-pool window (clamped to the map)
   * @param stride average-pool stride
   * @param filters 1×1 conv filters
   * @param units hidden fully connected units
   * @param dropout fraction of hidden units dropped while training
   */
  public record Head(String name, int pool, int stride, int filters, int units, double dropout) {
    /** Szegedy et al. 2014, §5. */
    public static final Head GOOGLENET = new Head("googlenet", 5, 3, 128, 1024, 0.7);

    /** A quarter-width head for 28×28 inputs (this module's choice, not from the paper). */
    public static final Head SMALL = new Head("small", 2, 2, 32, 128, 0.5);

    /**
     * Szegedy et al. 2016, §4: its 5×5×768 conv covers the whole pooled map, i.e. 768 fully
     * connected units; no dropout.
     */
    public static final Head INCEPTION_V3 = new Head("inception-v3", 5, 3, 128, 768, 0.0);

    public static final List<Head> ALL = List.of(GOOGLENET, SMALL, INCEPTION_V3);

    static Head named(String name) {
      return ALL.stream().filter(h -> h.name.equals(name)).findFirst().orElseThrow();
    }
  }

  public static final Param<String> ENDPOINT =
      LossParams.requiredName(
          "endpoint",
          "block2/features",
          "intermediate endpoint the head reads, [B,H,W,C] or [B,D]");
  public static final Param<String> HEAD =
      Param.choice(
          "head",
          Head.GOOGLENET.name(),
          Head.ALL.stream().map(Head::name).toList(),
          "googlenet (pool5/3, conv128, fc1024, dropout 0.7), small, or inception-v3 (conv128, fc768)");
  public static final Param<String> LABEL = LossParams.name("label", "label", "int32 label field");
  public static final Param<Double> LABEL_SMOOTHING =
      Param.number("label_smoothing", 0, "ε: target (1-ε)·onehot + ε/K (Inception-v3 uses 0.1)")
          .fraction();

  public static final LossDescriptor DESCRIPTOR =
      LossDescriptor.builder(KEY)
          .weight(
              0.3) // "the losses of the auxiliary classifiers were weighted by 0.3" (Szegedy et al.
          // 2014)
          .summary(
              "GoogLeNet auxiliary classifier (pool, 1x1 conv, fc, dropout, fc) on an intermediate endpoint")
          .paper("Szegedy et al. 2014, Going Deeper with Convolutions, §5")
          .params(ENDPOINT, HEAD, LABEL, LossParams.CLASSES, LABEL_SMOOTHING)
          .build();

  public static final LossFactory FACTORY =
      LossFactory.of(
          DESCRIPTOR,
          p ->
              new AuxClassifierLoss(
                  p.get(ENDPOINT),
                  Head.named(p.get(HEAD)),
                  p.get(LABEL),
                  p.get(LossParams.CLASSES),
                  p.get(LABEL_SMOOTHING)));

  public AuxClassifierLoss {
    Objects.requireNonNull(head, "head");
    ENDPOINT.validate(endpoint);
    LossParams.CLASSES.validate(classes);
    LABEL_SMOOTHING.validate(labelSmoothing);
  }

  /** Without label smoothing, as GoogLeNet. */
  public AuxClassifierLoss(String endpoint, Head head, String label, int classes) {
    this(endpoint, head, label, classes, 0);
  }

  @Override
  public Operand<TFloat32> build(LossContext ctx) {
    Ops tf = ctx.tf();
    int k = Heads.classes(ctx, classes, KEY);
    Operand<TFloat32> logits = logits(ctx.layers().scoped("aux"), ctx.endpoint(endpoint), k);
    Operand<TFloat32> ce =
        LossOps.crossEntropy(tf, logits, Heads.labels(ctx, label), labelSmoothing);
    return LossOps.maskedMean(tf, ce, ctx.labelMask());
  }

  /**
   * The head's class scores {@code [B, k]}; variables {@code pool/conv/fc/classifier} under {@code
   * l}.
   */
  Operand<TFloat32> logits(Layers l, Operand<TFloat32> x, int k) {
    Operand<TFloat32> h = x;
    int r = VisionOps.rank(x, KEY + ": endpoint '" + endpoint + "'");
    if (r == 4) {
      long[] s = x.shape().asArray();
      if (s[1] < 0 || s[2] < 0) {
        throw new IllegalArgumentException(
            KEY
                + ": endpoint '"
                + endpoint
                + "' needs a known height and width, found "
                + Arrays.toString(s));
      }
      int window = (int) Math.min(head.pool(), Math.min(s[1], s[2]));
      h = l.avgPool(h, window, Math.min(head.stride(), window));
      h = l.conv2d("conv", h, head.filters(), 1, 1, Activation.RELU);
      h = l.flatten(h);
    } else if (r != 2) {
      throw new IllegalArgumentException(
          KEY + ": endpoint '" + endpoint + "' must be [B,H,W,C] or [B,D], found " + x.shape());
    }
    h = l.dense("fc", h, head.units(), Activation.RELU);
    h = l.dropout(h, head.dropout());
    return l.dense("classifier", h, k, Activation.NONE);
  }
}
