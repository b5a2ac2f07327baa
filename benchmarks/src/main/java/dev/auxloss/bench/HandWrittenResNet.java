package dev.auxloss.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * ResNet-18 with the CIFAR stem (He et al. 2016: a 3×3 conv, four stages of two basic blocks,
 * widths 64–512, 1×1 projection shortcuts), written by hand with raw TF Java the way a skilled user
 * without auxloss would: VariableV2 variables, convolutions without bias, {@code FusedBatchNormV3}
 * in training mode with the moving statistics updated by the op itself (Keras' momentum 0.99 =
 * {@code exponential_avg_factor} 0.01, ε = 1e-3) and assigned in the step, softmax cross-entropy,
 * {@code Graph.addGradients} and {@link HandOps#adam}: one {@code Session.run} per step. Input
 * 32×32×3, 10 classes.
 */
final class HandWrittenResNet implements AutoCloseable {
  final Graph graph = new Graph();
  final Session session;
  private final Ops tf = Ops.create(graph);
  private final Placeholder<TFloat32> image;
  private final Placeholder<TInt32> label;
  private final List<Variable<TFloat32>> vars = new ArrayList<>();
  private final List<Op> statUpdates = new ArrayList<>();
  private final Op step;
  private long seed = 1;

  HandWrittenResNet() {
    image = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
    label = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> h = tf.nn.relu(bn(conv(image, 3, 64, 3, 1), 64));
    int in = 64;
    int[] widths = {64, 128, 256, 512};
    for (int s = 0; s < 4; s++) {
      for (int b = 0; b < 2; b++) {
        int stride = s > 0 && b == 0 ? 2 : 1;
        h = basicBlock(h, in, widths[s], stride);
        in = widths[s];
      }
    }
    Operand<TFloat32> pooled = tf.math.mean(h, tf.constant(new int[] {1, 2}));
    Variable<TFloat32> w = weight(Shape.of(512, 10), Math.sqrt(2.0 / 522));
    Variable<TFloat32> bias = tf.variable(tf.zeros(tf.constant(new long[] {10}), TFloat32.class));
    vars.add(bias);
    Operand<TFloat32> logits = tf.nn.biasAdd(tf.linalg.matMul(pooled, w), bias);
    Operand<TFloat32> onehot = tf.oneHot(label, tf.constant(10), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> loss =
        tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss(), tf.constant(0));
    Output<?>[] x = vars.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    Output<?>[] g = graph.addGradients(loss.asOutput(), x);
    Op adam = HandOps.adam(tf, vars, Arrays.asList(g), "resnet");
    List<Op> all = new ArrayList<>(statUpdates);
    all.add(adam);
    step = tf.withControlDependencies(all).noOp();
    session = new Session(graph);
  }

  void step(Tensor x, Tensor y) {
    try (Result r = session.runner().feed(image, x).feed(label, y).addTarget(step).run()) {
      // the update ran
    }
  }

  /** One step traced with {@code options} (FULL_TRACE for P10): its step stats. */
  RunMetadata tracedStep(Tensor x, Tensor y, RunOptions options) {
    try (Result r =
        session
            .runner()
            .feed(image, x)
            .feed(label, y)
            .addTarget(step)
            .setOptions(options)
            .runAndFetchMetadata()) {
      return r.getMetadata().orElseThrow(() -> new IllegalStateException("no run metadata"));
    }
  }

  private Operand<TFloat32> basicBlock(Operand<TFloat32> x, int in, int out, int stride) {
    Operand<TFloat32> h = tf.nn.relu(bn(conv(x, in, out, 3, stride), out));
    h = bn(conv(h, out, out, 3, 1), out);
    Operand<TFloat32> shortcut =
        stride == 1 && in == out ? x : bn(conv(x, in, out, 1, stride), out);
    return tf.nn.relu(tf.math.add(h, shortcut));
  }

  private Operand<TFloat32> conv(Operand<TFloat32> x, int in, int out, int k, int stride) {
    Variable<TFloat32> w = weight(Shape.of(k, k, in, out), Math.sqrt(2.0 / (k * k * in)));
    return tf.nn.conv2d(x, w, Arrays.asList(1L, (long) stride, (long) stride, 1L), "SAME");
  }

  private Operand<TFloat32> bn(Operand<TFloat32> x, int channels) {
    Variable<TFloat32> gamma =
        tf.variable(tf.fill(tf.constant(new long[] {channels}), tf.constant(1f)));
    Variable<TFloat32> beta =
        tf.variable(tf.zeros(tf.constant(new long[] {channels}), TFloat32.class));
    vars.add(gamma);
    vars.add(beta);
    Variable<TFloat32> mean =
        tf.variable(tf.zeros(tf.constant(new long[] {channels}), TFloat32.class));
    Variable<TFloat32> var =
        tf.variable(tf.fill(tf.constant(new long[] {channels}), tf.constant(1f)));
    FusedBatchNorm<TFloat32, TFloat32> n =
        tf.nn.fusedBatchNorm(
            x,
            gamma,
            beta,
            mean,
            var,
            FusedBatchNorm.epsilon(1e-3f),
            FusedBatchNorm.exponentialAvgFactor(0.01f),
            FusedBatchNorm.isTraining(true));
    statUpdates.add(tf.assign(mean, n.batchMean()));
    statUpdates.add(tf.assign(var, n.batchVariance()));
    return n.y();
  }

  private Variable<TFloat32> weight(Shape shape, double std) {
    Variable<TFloat32> v = HandOps.normal(tf, shape, std, seed++);
    vars.add(v);
    return v;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
