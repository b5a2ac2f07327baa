package dev.auxloss.nlp.testing;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.LossContext;
import dev.auxloss.api.model.ModelContext;
import dev.auxloss.api.model.ModelFn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/** Minimal model and loss contexts over {@link FastVariableStore}, for the in-test trainer. */
final class SimpleContexts {
  private SimpleContexts() {}

  @SuppressWarnings("unchecked")
  static <T extends TType> Operand<T> get(Map<String, Operand<?>> m, String what, String name, Class<T> type) {
    Operand<?> o = m.get(name);
    if (o == null) throw new IllegalArgumentException("no " + what + " named '" + name + "'; " + what + "s: " + m.keySet());
    if (!type.isAssignableFrom(o.type())) throw new IllegalArgumentException(what + " '" + name + "' is " + o.type().getSimpleName());
    return (Operand<T>) o;
  }

  /** Runs {@code model} on {@code inputs}; returns its endpoints (outputs included). */
  static Map<String, Operand<?>> forward(ModelFn model, Ops tf, FastVariableStore store, Map<String, Operand<?>> inputs,
      long seed) {
    Map<String, Operand<?>> endpoints = new LinkedHashMap<>();
    Layers layers = new Layers(tf, store, "model", false, true, seed);
    model.build(new ModelContext() {
      @Override
      public Ops tf() {
        return tf;
      }

      @Override
      public boolean training() {
        return true;
      }

      @Override
      public <T extends TType> Operand<T> input(String name, Class<T> type) {
        return get(inputs, "input", name, type);
      }

      @Override
      public Layers layers() {
        return layers;
      }

      @Override
      public void publish(String name, Operand<?> value) {
        if (endpoints.putIfAbsent(name, value) != null) throw new IllegalArgumentException("endpoint '" + name + "' published twice");
      }

      @Override
      public void output(String name, Operand<?> value) {
        endpoints.putIfAbsent(name, value);
      }

      @Override
      public long seed() {
        return seed;
      }
    });
    return endpoints;
  }

  static LossContext loss(Ops tf, String term, ModelFn model, FastVariableStore store, Map<String, Operand<?>> fields,
      Map<String, Operand<?>> endpoints, Operand<TInt64> step, long seed) {
    return new LossContext() {
      private int passes;

      @Override
      public Ops tf() {
        return tf;
      }

      @Override
      public String termName() {
        return term;
      }

      @Override
      public Operand<TFloat32> endpoint(String name) {
        return get(endpoints, "endpoint", name, TFloat32.class);
      }

      @Override
      public <T extends TType> Operand<T> endpoint(String name, Class<T> type) {
        return get(endpoints, "endpoint", name, type);
      }

      @Override
      public List<Operand<TFloat32>> endpointGroup(String prefix) {
        List<Operand<TFloat32>> out = new ArrayList<>();
        endpoints.forEach((k, v) -> {
          if (k.startsWith(prefix + "/") && v.type() == TFloat32.class) out.add(endpoint(k));
        });
        return out;
      }

      @Override
      public Set<String> endpointNames() {
        return endpoints.keySet();
      }

      @Override
      public <T extends TType> Operand<T> label(String name, Class<T> type) {
        return get(fields, "field", name, type);
      }

      @Override
      public <T extends TType> Operand<T> input(String name, Class<T> type) {
        return get(fields, "field", name, type);
      }

      @Override
      public Operand<TFloat32> labelMask() {
        return get(fields, "field", "label_mask", TFloat32.class);
      }

      @Override
      public Operand<TInt64> globalStep() {
        return step;
      }

      @Override
      public boolean training() {
        return true;
      }

      @Override
      public Layers layers() {
        return new Layers(tf, store, "heads/" + term, true, true, seed);
      }

      @Override
      public ModelPass runModel(String inputName, Operand<?> replacement) {
        get(fields, "field", inputName, TType.class);
        Map<String, Operand<?>> in = new LinkedHashMap<>(fields);
        in.put(inputName, replacement);
        Map<String, Operand<?>> pass = forward(model, tf.withSubScope("pass" + passes++), store, in, seed);
        return new ModelPass() {
          @Override
          public Operand<TFloat32> endpoint(String name) {
            return get(pass, "endpoint", name, TFloat32.class);
          }

          @Override
          public Set<String> endpointNames() {
            return pass.keySet();
          }
        };
      }

      @Override
      public long seed() {
        return seed;
      }
    };
  }
}
