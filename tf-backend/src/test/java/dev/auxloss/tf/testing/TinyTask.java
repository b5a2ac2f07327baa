package dev.auxloss.tf.testing;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.metric.Accuracy;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.config.MetricPlan;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.weighting.StaticWeighting;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A small learnable task for backend tests: 8 features, 3 classes given by a fixed linear rule; a
 * two-layer model publishing {@code h1}, {@code h2} and the served output {@code logits}; a masked
 * cross-entropy primary and dense auxiliary heads on {@code h1}/{@code h2}.
 */
public final class TinyTask {
  public static final int FEATURES = 8;
  public static final int CLASSES = 3;

  private TinyTask() {}

  public static final ModelFn MODEL =
      ctx -> {
        Layers l = ctx.layers();
        Operand<TFloat32> x = ctx.input("x", TFloat32.class);
        Operand<TFloat32> h1 = l.dense("h1", x, 16, Activation.RELU);
        Operand<TFloat32> h2 = l.dense("h2", h1, 16, Activation.RELU);
        ctx.publish("h1", h1);
        ctx.publish("h2", h2);
        ctx.output("logits", l.dense("out", h2, CLASSES, Activation.NONE));
      };

  /**
   * Cross-entropy of {@code logits} (an endpoint) against {@code label}, averaged over the mask.
   */
  public static AuxLoss crossEntropy(String endpoint) {
    return ctx -> {
      Ops tf = ctx.tf();
      Operand<TFloat32> logits = ctx.endpoint(endpoint);
      Operand<TFloat32> onehot =
          tf.oneHot(
              ctx.label("label", TInt32.class),
              tf.constant(CLASSES),
              tf.constant(1f),
              tf.constant(0f));
      Operand<TFloat32> ce = tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss();
      Operand<TFloat32> m = ctx.labelMask();
      return tf.math.divNoNan(
          tf.reduceSum(tf.math.mul(ce, m), tf.constant(0)), tf.reduceSum(m, tf.constant(0)));
    };
  }

  /** An auxiliary classifier head (train-only dense layer) on an intermediate endpoint. */
  public static AuxLoss auxHead(String endpoint) {
    return ctx -> {
      Operand<TFloat32> logits =
          ctx.layers().dense("head", ctx.endpoint(endpoint), CLASSES, Activation.NONE);
      Ops tf = ctx.tf();
      Operand<TFloat32> onehot =
          tf.oneHot(
              ctx.label("label", TInt32.class),
              tf.constant(CLASSES),
              tf.constant(1f),
              tf.constant(0f));
      return tf.math.mean(
          tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss(), tf.constant(0));
    };
  }

  public static TermPlan term(String name, Role role, double weight, AuxLoss loss) {
    return new TermPlan(name, name, role, weight, Schedules.constant(1), loss);
  }

  public static List<TermPlan> primaryAndTwoHeads() {
    return List.of(
        term("primary", Role.PRIMARY, 1, crossEntropy("logits")),
        term("aux1", Role.AUXILIARY, 0.3, auxHead("h1")),
        term("aux2", Role.AUXILIARY, 0.3, auxHead("h2")));
  }

  /** The classifier's accuracy, the metric every tiny plan reports. */
  public static final Accuracy ACCURACY = new Accuracy("accuracy", "logits", "label", "");

  public static TrainingPlan plan(List<TermPlan> terms, long steps) {
    return TrainingPlan.builder()
        .name("tiny")
        .seed(3)
        .model("tiny", MODEL)
        .dataset("tiny", new Data())
        .batchSize(32)
        .terms(terms)
        .metrics(List.of(MetricPlan.of("tiny.accuracy", ACCURACY)))
        .weighting("static", new StaticWeighting())
        .optimizer(OptimizerPlan.adam(1e-2))
        .training(TrainingSettings.of(steps))
        .build();
  }

  /** The rule: class = argmax of three fixed linear functions of the features. */
  public static final class Data implements Dataset {
    private static final float[][] W = weights();

    @Override
    public List<TensorSpec> specs() {
      return List.of(
          new TensorSpec("x", TFloat32.class, Shape.of(FEATURES)),
          new TensorSpec("label", TInt32.class, Shape.scalar()));
    }

    @Override
    public int size(Split split) {
      return split == Split.TRAIN ? 100_000 : 256;
    }

    @Override
    public Iterator<Batch> batches(Split split, int batchSize, long seed) {
      Random r = new Random(split == Split.TRAIN ? seed : 999 + split.ordinal());
      int total = split == Split.TRAIN ? Integer.MAX_VALUE : size(split);
      return new Iterator<>() {
        int made;

        @Override
        public boolean hasNext() {
          return made < total;
        }

        @Override
        public Batch next() {
          int n = Math.min(batchSize, total - made);
          made += n;
          return batch(r, n);
        }
      };
    }

    public static Batch batch(Random r, int n) {
      float[] x = new float[n * FEATURES];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        double best = -1e9;
        for (int f = 0; f < FEATURES; f++) x[i * FEATURES + f] = (float) r.nextGaussian();
        for (int c = 0; c < CLASSES; c++) {
          double s = 0;
          for (int f = 0; f < FEATURES; f++) s += W[c][f] * x[i * FEATURES + f];
          if (s > best) {
            best = s;
            y[i] = c;
          }
        }
      }
      return new Batch(
          Map.of("x", HostTensor.floats(x, n, FEATURES), "label", HostTensor.ints(y, n)));
    }

    private static float[][] weights() {
      Random r = new Random(42);
      float[][] w = new float[CLASSES][FEATURES];
      for (float[] row : w) for (int f = 0; f < FEATURES; f++) row[f] = (float) r.nextGaussian();
      return w;
    }
  }
}
