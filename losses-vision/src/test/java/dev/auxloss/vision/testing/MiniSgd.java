package dev.auxloss.vision.testing;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.tf.graph.Endpoints;
import dev.auxloss.tf.graph.ForwardPass;
import dev.auxloss.tf.graph.TfLossContext;
import dev.auxloss.tf.graph.TfVariableStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Minibatch SGD for tests that show a model, a dataset and a loss learn together, before and
 * independently of the real trainer: one graph, one {@code Session.run} per step, plain {@code w −=
 * lr·g} on every trainable variable, accuracy of the {@code logits} endpoint on a split.
 */
public final class MiniSgd implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Map<String, Placeholder<?>> feeds = new LinkedHashMap<>();
  private final Operand<TFloat32> train;
  private final Operand<TFloat32> logits;
  private final Placeholder<TInt64> step;
  private final Session session;

  public MiniSgd(Dataset data, ModelFn model, AuxLoss loss, float lr) {
    this(data, model, Map.of("term", loss), lr);
  }

  /** Trains the sum of {@code terms}, each built in its own context named by its key (as the trainer does). */
  public MiniSgd(Dataset data, ModelFn model, Map<String, AuxLoss> terms, float lr) {
    Ops tf = Ops.create(graph);
    TfVariableStore store = new TfVariableStore(tf, 1);
    Endpoints fields = new Endpoints("field");
    for (TensorSpec spec : data.specs()) {
      Placeholder<?> p = tf.withName(spec.name()).placeholder(spec.type(), Placeholder.shape(spec.batched()));
      feeds.put(spec.name(), p);
      fields.put(spec.name(), p);
    }
    step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
    ForwardPass pass = ForwardPass.run(model, tf.withSubScope("model"), store, fields, true, 1);
    @SuppressWarnings("unchecked")
    Operand<TFloat32> mask = (Operand<TFloat32>) (Operand<?>) feeds.get("label_mask");
    Operand<TFloat32> value = null;
    for (Map.Entry<String, AuxLoss> t : terms.entrySet()) {
      Operand<TFloat32> v = t.getValue().build(new TfLossContext(tf.withSubScope(t.getKey()), t.getKey(),
          pass.endpoints(), fields, mask, step, true, store, model, 1));
      value = value == null ? v : tf.math.add(value, v);
    }
    List<Var> vars = store.trainable();
    Output<?>[] grads = graph.addGradients(value.asOutput(),
        vars.stream().map(v -> v.value().asOutput()).toArray(Output<?>[]::new));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < grads.length; i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) (Operand<?>) grads[i];
      updates.add(tf.assignSubVariableOp(vars.get(i).handle(), tf.math.mul(g, tf.constant(lr))));
    }
    train = tf.withControlDependencies(updates).identity(value);
    logits = pass.endpoints().get("logits", TFloat32.class);
    session = new Session(graph);
  }

  /** Trains {@code steps} batches of the TRAIN stream; returns the loss of every step. */
  public float[] train(Iterator<Batch> batches, int steps) {
    float[] losses = new float[steps];
    for (int k = 0; k < steps; k++) {
      List<Tensor> owned = new ArrayList<>();
      try {
        Session.Runner r = runner(batches.next(), owned);
        Tensor s = TInt64.scalarOf(k);
        owned.add(s);
        try (Result out = r.feed(step, s).fetch(train).run()) {
          losses[k] = ((TFloat32) out.get(0)).getFloat();
        }
      } finally {
        owned.forEach(Tensor::close);
      }
    }
    return losses;
  }

  /** Share of the first {@code limit} examples of {@code split} whose arg-max logit is the label. */
  public double accuracy(Dataset data, Split split, int limit) {
    int correct = 0, seen = 0;
    for (Iterator<Batch> it = data.batches(split, 250, 0); it.hasNext() && seen < limit; ) {
      Batch b = it.next();
      List<Tensor> owned = new ArrayList<>();
      try (Result out = runner(b, owned).fetch(logits).run()) {
        TFloat32 t = (TFloat32) out.get(0);
        int[] y = ((HostTensor.Ints) b.get("label")).values();
        int k = (int) t.shape().get(1);
        for (int i = 0; i < y.length; i++, seen++) {
          int best = 0;
          for (int c = 1; c < k; c++) if (t.getFloat(i, c) > t.getFloat(i, best)) best = c;
          if (best == y[i]) correct++;
        }
      } finally {
        owned.forEach(Tensor::close);
      }
    }
    return correct / (double) seen;
  }

  private Session.Runner runner(Batch b, List<Tensor> owned) {
    Session.Runner r = session.runner();
    for (Map.Entry<String, Placeholder<?>> f : feeds.entrySet()) {
      HostTensor h = b.get(f.getKey());
      Tensor t = h instanceof HostTensor.Floats fl
          ? TFloat32.tensorOf(fl.shape(), DataBuffers.of(fl.values(), true, false))
          : TInt32.tensorOf(h.shape(), DataBuffers.of(((HostTensor.Ints) h).values(), true, false));
      owned.add(t);
      r.feed(f.getValue(), t);
    }
    return r;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
