package dev.auxloss.testing;

import dev.auxloss.api.metric.AuxMetric;
import dev.auxloss.api.metric.MetricTotals;
import dev.auxloss.tf.graph.Endpoints;
import dev.auxloss.tf.graph.TfMetricContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Runs a metric as an evaluation does, outside any training run: its statistics on each fed batch,
 * summed, then its result. The first batch fixes each tensor's shape but the batch axis.
 *
 * <pre>{@code
 * OptionalDouble acc = MetricHarness.evaluate(metric,
 *     MetricHarness.batch().endpoint("logits", new float[] {0, 1, 1, 0}, 2, 2).intField("label", new int[] {1, 1}, 2));
 * // 0.5
 * }</pre>
 */
public final class MetricHarness {
  private MetricHarness() {}

  /** One batch's fed endpoints and fields. */
  public static final class Fed {
    private final Map<String, Object> endpoints = new LinkedHashMap<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    public Fed endpoint(String name, float[] values, long... shape) {
      endpoints.put(name, values);
      shapes.put("endpoint/" + name, shape);
      return this;
    }

    public Fed intField(String name, int[] values, long... shape) {
      fields.put(name, values);
      shapes.put("field/" + name, shape);
      return this;
    }

    public Fed floatField(String name, float[] values, long... shape) {
      fields.put(name, values);
      shapes.put("field/" + name, shape);
      return this;
    }
  }

  public static Fed batch() {
    return new Fed();
  }

  /** The metric's value over {@code batches}. */
  public static OptionalDouble evaluate(AuxMetric metric, Fed... batches) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Map<String, Placeholder<?>> feeds = new LinkedHashMap<>();
      Endpoints endpoints = new Endpoints("endpoint");
      Endpoints fields = new Endpoints("field");
      Fed first = batches[0];
      first.endpoints.forEach(
          (n, v) -> endpoints.put(n, placeholder(tf, feeds, "endpoint/" + n, v, first)));
      first.fields.forEach((n, v) -> fields.put(n, placeholder(tf, feeds, "field/" + n, v, first)));
      Map<String, Operand<TFloat32>> stats =
          metric.update(new TfMetricContext(tf.withSubScope("metric"), endpoints, fields));
      List<String> names = new ArrayList<>(stats.keySet());
      MetricTotals totals = new MetricTotals();
      for (Fed b : batches) {
        List<Tensor> held = new ArrayList<>();
        try {
          Session.Runner r = s.runner();
          b.endpoints.forEach(
              (n, v) ->
                  r.feed(feeds.get("endpoint/" + n), hold(held, v, b.shapes.get("endpoint/" + n))));
          b.fields.forEach(
              (n, v) -> r.feed(feeds.get("field/" + n), hold(held, v, b.shapes.get("field/" + n))));
          names.forEach(n -> r.fetch(stats.get(n)));
          try (Result res = r.run()) {
            for (int i = 0; i < names.size(); i++) {
              TFloat32 t = (TFloat32) res.get(i);
              float[] out = new float[(int) t.shape().size()];
              t.copyTo(DataBuffers.of(out, false, false));
              totals.add(names.get(i), out);
            }
          }
        } finally {
          held.forEach(Tensor::close);
        }
      }
      return metric.result(totals);
    }
  }

  private static Placeholder<?> placeholder(
      Ops tf, Map<String, Placeholder<?>> feeds, String key, Object values, Fed first) {
    long[] dims = first.shapes.get(key).clone();
    dims[0] = -1; // the batch axis varies
    Placeholder<?> p =
        values instanceof float[]
            ? tf.withName(key.replace('/', '_'))
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(dims)))
            : tf.withName(key.replace('/', '_'))
                .placeholder(TInt32.class, Placeholder.shape(Shape.of(dims)));
    feeds.put(key, p);
    return p;
  }

  private static Tensor hold(List<Tensor> held, Object values, long[] shape) {
    Tensor t =
        values instanceof float[] f
            ? TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(f, true, false))
            : TInt32.tensorOf(Shape.of(shape), DataBuffers.of((int[]) values, true, false));
    held.add(t);
    return t;
  }
}
