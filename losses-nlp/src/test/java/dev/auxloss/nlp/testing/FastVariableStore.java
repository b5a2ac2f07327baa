package dev.auxloss.nlp.testing;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.layers.VariableStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * A resource-variable store for the in-test trainer that never opens a new name scope: in TF Java
 * 1.1.0 every {@code withSubScope} walks all graph operations, so a scope per variable makes graph
 * building quadratic. Same contract as the backend's store: unique shared names, one read per variable.
 */
public final class FastVariableStore implements VariableStore {
  private final Ops tf;
  private final Ops init;
  private final long seed;
  private final Map<String, Var> vars = new LinkedHashMap<>();
  private final Map<String, Shape> shapes = new LinkedHashMap<>();

  public FastVariableStore(Ops tf, long seed) {
    this.tf = tf;
    this.init = tf.withInitScope();
    this.seed = seed;
  }

  @Override
  public synchronized Var variable(String name, Shape shape, Initializer initializer, boolean trainable, boolean trainOnly) {
    Var existing = vars.get(name);
    if (existing != null) {
      if (!shapes.get(name).equals(shape)) {
        throw new IllegalArgumentException("variable '" + name + "' exists with shape " + shapes.get(name) + ", requested " + shape);
      }
      return existing;
    }
    // op names may not hold '/' through withName; a counter keeps them unique
    String op = "v" + vars.size() + "_" + name.replaceAll("[^A-Za-z0-9_.-]", "_");
    VarHandleOp handle = init.withName(op).varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(name));
    Operand<TFloat32> initial = initializer.create(init, shape, seed * 1_000_003L + name.hashCode());
    init.withName(op + "_assign").assignVariableOp(handle, initial);
    Operand<TFloat32> read = tf.withName(op + "_read").readVariableOp(handle, TFloat32.class);
    Var v = new Var(name, handle, read, trainable, trainOnly);
    vars.put(name, v);
    shapes.put(name, shape);
    return v;
  }

  public synchronized List<Var> trainable() {
    return new ArrayList<>(vars.values().stream().filter(Var::trainable).toList());
  }

  public synchronized Shape shape(String name) {
    return shapes.get(name);
  }
}
