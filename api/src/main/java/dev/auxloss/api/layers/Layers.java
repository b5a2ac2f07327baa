package dev.auxloss.api.layers;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * The small layer kit heads and reference models are built with. Variables are named {@code
 * <prefix>/<layer>/<kernel|bias|...>}, independent of op name scopes, so a second forward pass with
 * the same names shares weights. Images are NHWC float32.
 *
 * <pre>{@code
 * Layers l = ctx.layers();
 * Operand<TFloat32> h = l.conv2d("conv1", image, 32, 3, 1, Activation.RELU);
 * Operand<TFloat32> logits = l.dense("out", l.globalAvgPool(h), 10, Activation.NONE);
 * }</pre>
 */
public final class Layers {
  private final Ops tf;
  private final VariableStore store;
  private final String prefix;
  private final boolean trainOnly;
  private final boolean training;
  private final long seed;
  private final double batchNormMomentum;

  public Layers(
      Ops tf, VariableStore store, String prefix, boolean trainOnly, boolean training, long seed) {
    this(tf, store, prefix, trainOnly, training, seed, BATCH_NORM_MOMENTUM);
  }

  private Layers(
      Ops tf,
      VariableStore store,
      String prefix,
      boolean trainOnly,
      boolean training,
      long seed,
      double batchNormMomentum) {
    this.tf = tf;
    this.store = store;
    this.prefix = prefix;
    this.trainOnly = trainOnly;
    this.training = training;
    this.seed = seed;
    this.batchNormMomentum = batchNormMomentum;
  }

  /** A kit whose variables live under {@code prefix/sub}. */
  public Layers scoped(String sub) {
    return new Layers(tf, store, name(sub), trainOnly, training, seed, batchNormMomentum);
  }

  /** The same kit building ops with {@code other} (for example a term's scoped {@code Ops}). */
  public Layers withOps(Ops other) {
    return new Layers(other, store, prefix, trainOnly, training, seed, batchNormMomentum);
  }

  public Ops tf() {
    return tf;
  }

  public boolean training() {
    return training;
  }

  /** Gets or creates a trainable variable under this kit's prefix. */
  public Operand<TFloat32> variable(String name, Shape shape, Initializer init) {
    String full = name(name);
    return store.variable(full, shape, init, true, trainOnly).value();
  }

  /**
   * Fully connected layer over the last axis (inputs of rank &gt; 2 are flattened and restored).
   */
  public Operand<TFloat32> dense(String name, Operand<TFloat32> x, int units, Activation act) {
    long in = lastDim(x, name);
    Operand<TFloat32> w =
        variable(name + "/kernel", Shape.of(in, units), Initializer.glorotUniform());
    Operand<TFloat32> b = variable(name + "/bias", Shape.of(units), Initializer.zeros());
    int rank = x.shape().numDimensions();
    Operand<TFloat32> y;
    if (rank == 2) {
      y = tf.linalg.matMul(x, w);
    } else {
      Operand<TFloat32> flat = tf.reshape(x, tf.constant(new long[] {-1, in}));
      Operand<TInt64> lead =
          tf.stridedSlice(
              tf.shape(x, TInt64.class),
              tf.constant(new long[] {0}),
              tf.constant(new long[] {-1}),
              tf.constant(new long[] {1}));
      Operand<TInt64> outShape =
          tf.concat(List.of(lead, tf.constant(new long[] {units})), tf.constant(0));
      y = tf.reshape(tf.linalg.matMul(flat, w), outShape);
    }
    return act.apply(tf, tf.nn.biasAdd(y, b));
  }

  /** 2-D convolution, SAME padding, He-normal kernel. */
  public Operand<TFloat32> conv2d(
      String name, Operand<TFloat32> x, int filters, int kernel, int stride, Activation act) {
    long in = lastDim(x, name);
    Operand<TFloat32> w =
        variable(name + "/kernel", Shape.of(kernel, kernel, in, filters), Initializer.heNormal());
    Operand<TFloat32> b = variable(name + "/bias", Shape.of(filters), Initializer.zeros());
    Operand<TFloat32> y =
        tf.nn.conv2d(x, w, Arrays.asList(1L, (long) stride, (long) stride, 1L), "SAME");
    return act.apply(tf, tf.nn.biasAdd(y, b));
  }

  /** Max pooling with a square window, VALID padding. */
  public Operand<TFloat32> maxPool(Operand<TFloat32> x, int size, int stride) {
    return tf.nn.maxPool(
        x,
        tf.constant(new int[] {1, size, size, 1}),
        tf.constant(new int[] {1, stride, stride, 1}),
        "VALID");
  }

  /** Average pooling with a square window, VALID padding. */
  public Operand<TFloat32> avgPool(Operand<TFloat32> x, int size, int stride) {
    return tf.nn.avgPool(
        x,
        Arrays.asList(1L, (long) size, (long) size, 1L),
        Arrays.asList(1L, (long) stride, (long) stride, 1L),
        "VALID");
  }

  /** Mean over height and width: [B,H,W,C] → [B,C]. */
  public Operand<TFloat32> globalAvgPool(Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }

  /** Flattens every axis after the batch axis (static shape required). */
  public Operand<TFloat32> flatten(Operand<TFloat32> x) {
    Shape s = x.shape();
    long n = 1;
    for (int i = 1; i < s.numDimensions(); i++) {
      if (s.get(i) < 0)
        throw new IllegalArgumentException("flatten needs a static shape, found " + s);
      n *= s.get(i);
    }
    return tf.reshape(x, tf.constant(new long[] {-1, n}));
  }

  /**
   * Token embedding lookup: ids [..] int32 → [.., dim]. Returns the table via {@link
   * #embeddingTable}.
   */
  public Operand<TFloat32> embedding(String name, Operand<TInt32> ids, int vocab, int dim) {
    return tf.gather(embeddingTable(name, vocab, dim), ids, tf.constant(0));
  }

  /** The embedding table [vocab, dim] (created on first use), for tied output layers. */
  public Operand<TFloat32> embeddingTable(String name, int vocab, int dim) {
    return variable(name + "/table", Shape.of(vocab, dim), Initializer.normal(0.02));
  }

  /**
   * Layer normalisation over the last axis with learned scale and offset (Ba et al. 2016), ε =
   * 1e-5.
   */
  public Operand<TFloat32> layerNorm(String name, Operand<TFloat32> x) {
    long d = lastDim(x, name);
    Operand<TFloat32> gamma = variable(name + "/gamma", Shape.of(d), Initializer.constant(1f));
    Operand<TFloat32> beta = variable(name + "/beta", Shape.of(d), Initializer.zeros());
    Operand<TInt32> axis = tf.constant(new int[] {-1});
    Operand<TFloat32> mean = tf.math.mean(x, axis, Mean.keepDims(true));
    Operand<TFloat32> centered = tf.math.sub(x, mean);
    Operand<TFloat32> var = tf.math.mean(tf.math.square(centered), axis, Mean.keepDims(true));
    Operand<TFloat32> norm =
        tf.math.mul(centered, tf.math.rsqrt(tf.math.add(var, tf.constant(1e-5f))));
    return tf.math.add(tf.math.mul(norm, gamma), beta);
  }

  // --- Batch norm and residual blocks (issue #17) ---

  /** Keras' default moving-average momentum of {@link #batchNorm}. */
  public static final double BATCH_NORM_MOMENTUM = 0.99;

  /** Keras' default variance epsilon of {@link #batchNorm}. */
  public static final double BATCH_NORM_EPSILON = 1e-3;

  /**
   * The same kit whose {@link #batchNorm(String, Operand)} (the blocks' too) averages with {@code
   * momentum}: 0.9 (PyTorch's 0.1) settles the moving statistics within a few hundred steps, where
   * Keras' 0.99 leaves a short run's evaluation on statistics still near their initial values.
   */
  public Layers withBatchNormMomentum(double momentum) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException(
          "batch norm momentum must be in [0, 1), found " + momentum);
    }
    return new Layers(tf, store, prefix, trainOnly, training, seed, momentum);
  }

  /**
   * {@link #batchNorm(String, Operand, double, double)} with the kit's momentum (Keras' 0.99 unless
   * {@link #withBatchNormMomentum} set another) and Keras' epsilon 1e-3.
   */
  public Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x) {
    return batchNorm(name, x, batchNormMomentum, BATCH_NORM_EPSILON);
  }

  /**
   * Batch normalisation per channel (Ioffe &amp; Szegedy 2015) of [B,H,W,C] or [B,D], with learned
   * {@code gamma} (ones) and {@code beta} (zeros). Training normalises with the batch's mean and
   * (biased) variance and registers, through {@link VariableStore#updateWithStep}, the moving
   * averages {@code moving ← momentum·moving + (1 − momentum)·batch}: they change inside the same
   * fused step, are gated with it, and the variance averaged is the unbiased one, as TensorFlow's
   * fused kernel and Keras' fused path give it. Inference normalises with {@code moving_mean}
   * (zeros) and {@code moving_variance} (ones), non-trainable variables saved in checkpoints and
   * exported. A layer whose {@code gamma} is frozen ({@link VariableStore#frozen}) normalises as at
   * inference, and its moving statistics stay as restored. With data-parallel workers each worker
   * normalises with, and averages, the statistics of its own batch (TensorFlow's default; the
   * moving statistics saved are the chief's), unless the store {@linkplain
   * VariableStore#syncsBatchStatistics() synchronises them} ({@code sync_batch_norm}): then every
   * worker uses the global batch's (see {@code SyncBatchNorm}).
   *
   * <pre>{@code
   * h = l.batchNorm("bn1", l.conv2d("conv1", x, 64, 3, 1, Activation.NONE)); // [B,H,W,64]
   * }</pre>
   */
  public Operand<TFloat32> batchNorm(
      String name, Operand<TFloat32> x, double momentum, double epsilon) {
    long c = lastDim(x, name);
    int rank = x.shape().numDimensions();
    if (rank != 2 && rank != 4) {
      throw new IllegalArgumentException(
          "layer '" + name + "' normalises [B,H,W,C] or [B,D], found shape " + x.shape());
    }
    Var gamma =
        store.variable(
            name(name + "/gamma"), Shape.of(c), Initializer.constant(1f), true, trainOnly);
    Var beta =
        store.variable(name(name + "/beta"), Shape.of(c), Initializer.zeros(), true, trainOnly);
    Var mean =
        store.variable(
            name(name + "/moving_mean"), Shape.of(c), Initializer.zeros(), false, trainOnly);
    Var var =
        store.variable(
            name(name + "/moving_variance"),
            Shape.of(c),
            Initializer.constant(1f),
            false,
            trainOnly);
    // The fused kernel wants NHWC: [B,D] is [B,1,1,D].
    Operand<TFloat32> x4 = rank == 4 ? x : tf.reshape(x, tf.constant(new long[] {-1, 1, 1, c}));
    Operand<TFloat32> y4;
    boolean batchStatistics = training && !store.frozen(gamma.name());
    if (batchStatistics && store.syncsBatchStatistics()) {
      SyncBatchNorm sync =
          SyncBatchNorm.apply(tf, store, x4, c, gamma.value(), beta.value(), epsilon);
      store.updateWithStep(mean, movingAverage(mean, sync.mean(), momentum));
      store.updateWithStep(var, movingAverage(var, sync.unbiasedVariance(), momentum));
      y4 = sync.y();
    } else if (batchStatistics) {
      // The kernel averages too (exponential_avg_factor = 1 − momentum): its mean and variance
      // outputs are the new moving statistics, with no separate ops per layer.
      FusedBatchNorm<TFloat32, TFloat32> bn =
          tf.nn.fusedBatchNorm(
              x4,
              gamma.value(),
              beta.value(),
              mean.value(),
              var.value(),
              FusedBatchNorm.isTraining(true),
              FusedBatchNorm.epsilon((float) epsilon),
              FusedBatchNorm.exponentialAvgFactor((float) (1 - momentum)));
      store.updateWithStep(mean, bn.batchMean());
      store.updateWithStep(var, bn.batchVariance());
      y4 = bn.y();
    } else {
      FusedBatchNorm<TFloat32, TFloat32> bn =
          tf.nn.fusedBatchNorm(
              x4,
              gamma.value(),
              beta.value(),
              mean.value(),
              var.value(),
              FusedBatchNorm.isTraining(false),
              FusedBatchNorm.epsilon((float) epsilon));
      y4 = bn.y();
    }
    return rank == 4 ? y4 : tf.reshape(y4, tf.constant(new long[] {-1, c}));
  }

  private Operand<TFloat32> movingAverage(Var moving, Operand<TFloat32> batch, double momentum) {
    Operand<TFloat32> m = tf.constant((float) momentum);
    return tf.math.add(
        tf.math.mul(moving.value(), m), tf.math.mul(batch, tf.math.sub(tf.constant(1f), m)));
  }

  /**
   * Convolution without bias (batch norm's beta is the offset), SAME padding, He-normal kernel
   * {@code name/kernel}, then {@link #batchNorm} {@code name/bn} and {@code act}: the unit ResNets
   * are built of.
   */
  public Operand<TFloat32> convBn(
      String name, Operand<TFloat32> x, int filters, int kernel, int stride, Activation act) {
    long in = lastDim(x, name);
    Operand<TFloat32> w =
        variable(name + "/kernel", Shape.of(kernel, kernel, in, filters), Initializer.heNormal());
    Operand<TFloat32> y =
        tf.nn.conv2d(x, w, Arrays.asList(1L, (long) stride, (long) stride, 1L), "SAME");
    return act.apply(tf, batchNorm(name + "/bn", y));
  }

  /**
   * ResNet's basic block (He et al. 2016): 3×3 conv-BN-ReLU (stride {@code stride}), 3×3 conv-BN,
   * plus the shortcut, ReLU. The shortcut is the input, or a 1×1 conv-BN projection when the stride
   * or the width changes. Output [B,H/stride,W/stride,filters].
   */
  public Operand<TFloat32> residualBlock(
      String name, Operand<TFloat32> x, int filters, int stride) {
    Operand<TFloat32> y = convBn(name + "/conv1", x, filters, 3, stride, Activation.RELU);
    y = convBn(name + "/conv2", y, filters, 3, 1, Activation.NONE);
    return tf.nn.relu(tf.math.add(y, shortcut(name, x, filters, stride)));
  }

  /**
   * ResNet's bottleneck block, v1.5 (the stride on the 3×3 conv, as torchvision and NVIDIA's
   * ResNet-50 v1.5): 1×1 conv-BN-ReLU to {@code filters}, 3×3 conv-BN-ReLU (stride {@code stride}),
   * 1×1 conv-BN to {@code 4·filters}, plus the shortcut (projected when the shape changes), ReLU.
   * Output [B,H/stride,W/stride,4·filters].
   */
  public Operand<TFloat32> bottleneckBlock(
      String name, Operand<TFloat32> x, int filters, int stride) {
    Operand<TFloat32> y = convBn(name + "/conv1", x, filters, 1, 1, Activation.RELU);
    y = convBn(name + "/conv2", y, filters, 3, stride, Activation.RELU);
    y = convBn(name + "/conv3", y, 4 * filters, 1, 1, Activation.NONE);
    return tf.nn.relu(tf.math.add(y, shortcut(name, x, 4 * filters, stride)));
  }

  /** The identity, or a 1×1 conv-BN projection {@code name/shortcut} when the shape changes. */
  private Operand<TFloat32> shortcut(String name, Operand<TFloat32> x, int filters, int stride) {
    if (stride == 1 && lastDim(x, name) == filters) return x;
    return convBn(name + "/shortcut", x, filters, 1, stride, Activation.NONE);
  }

  // --- end of batch norm and residual blocks ---

  /** Inverted dropout while training (keeps the expectation), identity at inference. */
  public Operand<TFloat32> dropout(Operand<TFloat32> x, double rate) {
    if (!training || rate <= 0) return x;
    Operand<TFloat32> u =
        tf.random.randomUniform(
            tf.shape(x), TFloat32.class, RandomUniform.seed(seed).seed2(nextSeed()));
    Operand<TFloat32> keep =
        tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant((float) rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant((float) (1 / (1 - rate)))));
  }

  // --- normalisation and up-sampling for encoder-decoders (U-Net)

  /** Groups of {@link #groupNorm(String, Operand)} (Wu &amp; He 2018, G = 32). */
  public static final int DEFAULT_GROUPS = 32;

  /** Group normalisation with the paper's default of 32 groups (clipped to the channels). */
  public Operand<TFloat32> groupNorm(String name, Operand<TFloat32> x) {
    return groupNorm(name, x, DEFAULT_GROUPS);
  }

  /**
   * Group normalisation (Wu &amp; He 2018): the channels of {@code x [B,...,C]} are split into
   * {@code min(groups, C)} groups of consecutive channels; each example's group is normalised by
   * its own mean and variance over the spatial axes and the group's channels (ε = 1e-5), then
   * scaled and shifted per channel by learned {@code gamma} (ones) and {@code beta} (zeros).
   * Independent of the batch, so training and inference compute the same thing.
   *
   * @throws IllegalArgumentException when the group count does not divide the channels
   */
  public Operand<TFloat32> groupNorm(String name, Operand<TFloat32> x, int groups) {
    long c = lastDim(x, name);
    long g = Math.min(groups, c);
    if (groups < 1 || c % g != 0) {
      throw new IllegalArgumentException(
          "layer '"
              + name
              + "': group norm needs the groups to divide the channels, found "
              + g
              + " groups for "
              + c
              + " channels");
    }
    Operand<TFloat32> gamma = variable(name + "/gamma", Shape.of(c), Initializer.constant(1f));
    Operand<TFloat32> beta = variable(name + "/beta", Shape.of(c), Initializer.zeros());
    Operand<TInt64> shape = tf.shape(x, TInt64.class);
    Operand<TInt64> batch =
        tf.stridedSlice(
            shape,
            tf.constant(new long[] {0}),
            tf.constant(new long[] {1}),
            tf.constant(new long[] {1}));
    // [B, positions, groups, channels per group]: statistics over axes 1 and 3
    Operand<TFloat32> grouped =
        tf.reshape(
            x, tf.concat(List.of(batch, tf.constant(new long[] {-1, g, c / g})), tf.constant(0)));
    Operand<TInt32> axes = tf.constant(new int[] {1, 3});
    Operand<TFloat32> mean = tf.math.mean(grouped, axes, Mean.keepDims(true));
    Operand<TFloat32> centered = tf.math.sub(grouped, mean);
    Operand<TFloat32> var = tf.math.mean(tf.math.square(centered), axes, Mean.keepDims(true));
    Operand<TFloat32> norm =
        tf.math.mul(centered, tf.math.rsqrt(tf.math.add(var, tf.constant(1e-5f))));
    return tf.math.add(tf.math.mul(tf.reshape(norm, shape), gamma), beta);
  }

  /**
   * Transposed convolution (the gradient of a strided convolution, "up-convolution"), SAME padding:
   * {@code x [B,H,W,C]} → {@code [B, H·stride, W·stride, filters]}, kernel {@code [k, k, filters,
   * C]} He-normal as Keras' {@code Conv2DTranspose} lays it out, plus a bias.
   */
  public Operand<TFloat32> conv2dTranspose(
      String name, Operand<TFloat32> x, int filters, int kernel, int stride, Activation act) {
    Shape s = x.shape();
    if (s.numDimensions() != 4 || s.get(1) < 0 || s.get(2) < 0) {
      throw new IllegalArgumentException(
          "layer '"
              + name
              + "' needs [batch, height, width, channels] with known height and width, found "
              + s);
    }
    return conv2dTranspose(
        name, x, filters, kernel, stride, (int) s.get(1) * stride, (int) s.get(2) * stride, act);
  }

  /**
   * Transposed convolution to an explicit {@code height × width}, which SAME padding allows when
   * {@code ceil(height / stride)} and {@code ceil(width / stride)} are the input's size (undoing a
   * SAME pooling of an odd size: 4 → 7 with stride 2).
   */
  public Operand<TFloat32> conv2dTranspose(
      String name,
      Operand<TFloat32> x,
      int filters,
      int kernel,
      int stride,
      int height,
      int width,
      Activation act) {
    long in = lastDim(x, name);
    Shape s = x.shape();
    if (s.numDimensions() != 4
        || s.get(1) != ceilDiv(height, stride)
        || s.get(2) != ceilDiv(width, stride)) {
      throw new IllegalArgumentException(
          "layer '"
              + name
              + "': a stride-"
              + stride
              + " transposed convolution to "
              + height
              + "x"
              + width
              + " needs an input of "
              + ceilDiv(height, stride)
              + "x"
              + ceilDiv(width, stride)
              + ", found shape "
              + s);
    }
    Operand<TFloat32> w =
        variable(name + "/kernel", Shape.of(kernel, kernel, filters, in), Initializer.heNormal());
    Operand<TFloat32> b = variable(name + "/bias", Shape.of(filters), Initializer.zeros());
    Operand<TInt32> batch =
        tf.stridedSlice(
            tf.shape(x),
            tf.constant(new int[] {0}),
            tf.constant(new int[] {1}),
            tf.constant(new int[] {1}));
    Operand<TInt32> outShape =
        tf.concat(List.of(batch, tf.constant(new int[] {height, width, filters})), tf.constant(0));
    Operand<TFloat32> y =
        tf.nn.conv2dBackpropInput(
            outShape, w, x, Arrays.asList(1L, (long) stride, (long) stride, 1L), "SAME");
    return act.apply(tf, tf.nn.biasAdd(y, b));
  }

  /**
   * Bilinear resize of {@code x [B,h,w,C]} to {@code height × width}, as TF 2's {@code
   * tf.image.resize} (half-pixel centres, no corner alignment; PyTorch's {@code
   * align_corners=False}); {@code x} itself when the size already matches.
   */
  public Operand<TFloat32> resizeBilinear(Operand<TFloat32> x, int height, int width) {
    return resizeBilinear(tf, x, height, width);
  }

  /** Bilinear up-sampling by a whole {@code factor}: {@code [B,h,w,C]} → {@code [B,h·f,w·f,C]}. */
  public Operand<TFloat32> upsampleBilinear(Operand<TFloat32> x, int factor) {
    Shape s = x.shape();
    if (factor < 1 || s.numDimensions() != 4 || s.get(1) < 0 || s.get(2) < 0) {
      throw new IllegalArgumentException(
          "bilinear up-sampling needs a factor >= 1 and [batch, height, width, channels] with known"
              + " height and width, found factor "
              + factor
              + " and shape "
              + s);
    }
    return resizeBilinear(x, (int) s.get(1) * factor, (int) s.get(2) * factor);
  }

  /** {@link #resizeBilinear(Operand, int, int)} with any {@code Ops}, for code without a kit. */
  public static Operand<TFloat32> resizeBilinear(
      Ops tf, Operand<TFloat32> x, int height, int width) {
    Shape s = x.shape();
    if (s.numDimensions() != 4 || s.get(1) < 0 || s.get(2) < 0) {
      throw new IllegalArgumentException(
          "a bilinear resize needs [batch, height, width, channels] with known height and width,"
              + " found "
              + s);
    }
    if (s.get(1) == height && s.get(2) == width) return x;
    return tf.image.resizeBilinear(
        x, tf.constant(new int[] {height, width}), ResizeBilinear.halfPixelCenters(true));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static long dropoutCounter = 0;

  private static synchronized long nextSeed() {
    return ++dropoutCounter;
  }

  private String name(String local) {
    return prefix.isEmpty() ? local : prefix + "/" + local;
  }

  private static <T extends TNumber> long lastDim(Operand<T> x, String layer) {
    Shape s = x.shape();
    if (s.isUnknown() || s.numDimensions() == 0 || s.get(s.numDimensions() - 1) < 0) {
      throw new IllegalArgumentException(
          "layer '" + layer + "' needs a known last dimension, found shape " + s);
    }
    return s.get(s.numDimensions() - 1);
  }
}
