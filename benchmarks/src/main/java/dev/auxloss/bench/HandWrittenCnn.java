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
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * cnn-ds written by hand with raw TF Java, the way a user without auxloss would: VariableV2
 * variables, {@code Graph.addGradients}, raw {@code ApplyAdam}, a default {@code Session}. Optional
 * GAP auxiliary heads after block 1 and block 2 (weight 0.3). Two ways to train: {@link #fusedStep}
 * (one run) and {@link #unfusedStep} (one run per loss term for its gradients, then one run for the
 * update, as per-task-backward libraries do).
 */
final class HandWrittenCnn implements AutoCloseable {
  final Graph graph = new Graph();
  final Session session;
  private final Ops tf = Ops.create(graph);
  private final Placeholder<TFloat32> image;
  private final Placeholder<TInt32> label;
  private final List<Variable<TFloat32>> vars = new ArrayList<>();
  private final List<Operand<TFloat32>> terms = new ArrayList<>();
  private final Op fused;
  private final List<List<Output<?>>> termGrads = new ArrayList<>();
  private final List<Placeholder<TFloat32>> gradFeeds = new ArrayList<>();
  private final Op applyFed;
  private long seed = 1;

  HandWrittenCnn(boolean auxHeads) {
    image = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
    label = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> h = conv(image, 1, 32);
    h = conv(h, 32, 32);
    h = pool(h);
    Operand<TFloat32> block1 = h;
    h = conv(h, 32, 64);
    h = conv(h, 64, 64);
    h = pool(h);
    Operand<TFloat32> block2 = h;
    Operand<TFloat32> flat = tf.reshape(h, tf.constant(new long[] {-1, 7 * 7 * 64}));
    Operand<TFloat32> d = tf.nn.relu(dense(flat, 7 * 7 * 64, 128));
    terms.add(ce(dense(d, 128, 10)));
    if (auxHeads) {
      terms.add(tf.math.mul(tf.constant(0.3f), ce(dense(gap(block1), 32, 10))));
      terms.add(tf.math.mul(tf.constant(0.3f), ce(dense(gap(block2), 64, 10))));
    }
    Operand<TFloat32> total = terms.size() == 1 ? terms.get(0) : tf.math.addN(terms);
    Output<?>[] x = vars.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    Output<?>[] g = graph.addGradients(total.asOutput(), x);
    fused = HandOps.adam(tf, vars, Arrays.asList(g), "fused");
    for (Operand<TFloat32> t : terms) {
      List<Output<?>> reach = new ArrayList<>();
      var deps = graph.subgraphTo(java.util.Set.of(t));
      Output<?>[] xs =
          vars.stream()
              .filter(v -> deps.contains(v.op()))
              .map(Variable::asOutput)
              .toArray(Output<?>[]::new);
      Output<?>[] tg = graph.addGradients(null, new Output<?>[] {t.asOutput()}, xs, null);
      int k = 0;
      for (Variable<TFloat32> v : vars) reach.add(deps.contains(v.op()) ? tg[k++] : null);
      termGrads.add(reach);
    }
    List<Output<?>> fedGrads = new ArrayList<>();
    for (Variable<TFloat32> v : vars) {
      Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
      gradFeeds.add(p);
      fedGrads.add(p.output());
    }
    applyFed = HandOps.adam(tf, vars, fedGrads, "fed");
    session = new Session(graph);
  }

  void fusedStep(Tensor x, Tensor y) {
    try (Result r = session.runner().feed(image, x).feed(label, y).addTarget(fused).run()) {
      // the update ran
    }
  }

  /** One Session.run per term for its gradients, summed on the host, then one run to apply. */
  void unfusedStep(Tensor x, Tensor y) {
    float[][] sum = new float[vars.size()][];
    for (List<Output<?>> tg : termGrads) {
      Session.Runner r = session.runner().feed(image, x).feed(label, y);
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < tg.size(); i++)
        if (tg.get(i) != null) {
          r.fetch(tg.get(i));
          idx.add(i);
        }
      try (Result res = r.run()) {
        for (int k = 0; k < idx.size(); k++) {
          TFloat32 t = (TFloat32) res.get(k);
          float[] a = new float[(int) t.shape().size()];
          t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(a, false, false));
          int i = idx.get(k);
          if (sum[i] == null) sum[i] = a;
          else for (int j = 0; j < a.length; j++) sum[i][j] += a[j];
        }
      }
    }
    List<Tensor> owned = new ArrayList<>();
    try {
      Session.Runner r = session.runner();
      for (int i = 0; i < vars.size(); i++) {
        float[] a = sum[i] != null ? sum[i] : new float[(int) vars.get(i).shape().size()];
        Tensor t =
            TFloat32.tensorOf(
                vars.get(i).shape(), org.tensorflow.ndarray.buffer.DataBuffers.of(a, true, false));
        owned.add(t);
        r.feed(gradFeeds.get(i), t);
      }
      try (Result res = r.addTarget(applyFed).run()) {
        // applied
      }
    } finally {
      owned.forEach(Tensor::close);
    }
  }

  private Operand<TFloat32> conv(Operand<TFloat32> x, int in, int out) {
    Variable<TFloat32> w = var(Shape.of(3, 3, in, out), Math.sqrt(2.0 / (9 * in)));
    Variable<TFloat32> b = tf.variable(tf.zeros(tf.constant(new long[] {out}), TFloat32.class));
    vars.add(b);
    return tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, w, Arrays.asList(1L, 1L, 1L, 1L), "SAME"), b));
  }

  private Operand<TFloat32> dense(Operand<TFloat32> x, int in, int out) {
    Variable<TFloat32> w = var(Shape.of(in, out), Math.sqrt(2.0 / (in + out)));
    Variable<TFloat32> b = tf.variable(tf.zeros(tf.constant(new long[] {out}), TFloat32.class));
    vars.add(b);
    return tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
  }

  private Variable<TFloat32> var(Shape shape, double std) {
    Variable<TFloat32> v = HandOps.normal(tf, shape, std, seed++);
    vars.add(v);
    return v;
  }

  private Operand<TFloat32> pool(Operand<TFloat32> x) {
    return tf.nn.maxPool(
        x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
  }

  private Operand<TFloat32> gap(Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}));
  }

  private Operand<TFloat32> ce(Operand<TFloat32> logits) {
    Operand<TFloat32> onehot = tf.oneHot(label, tf.constant(10), tf.constant(1f), tf.constant(0f));
    return tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss(), tf.constant(0));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
