package dev.auxloss.tf.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Named tensors in publication order. A missing name or a wrong type is an {@link
 * IllegalArgumentException} that lists what exists, so the user sees the fix in the message.
 */
public final class Endpoints {
  private final String what;
  private final Map<String, Operand<?>> byName = new LinkedHashMap<>();

  public Endpoints(String what) {
    this.what = what;
  }

  public void put(String name, Operand<?> value) {
    if (byName.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException(what + " '" + name + "' is published twice");
    }
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  @SuppressWarnings("unchecked")
  public <T extends TType> Operand<T> get(String name, Class<T> type) {
    Operand<?> o = byName.get(name);
    if (o == null) {
      throw new IllegalArgumentException(
          "no " + what + " named '" + name + "'; " + what + "s: " + byName.keySet());
    }
    if (!type.isAssignableFrom(o.type())) {
      throw new IllegalArgumentException(
          what
              + " '"
              + name
              + "' is "
              + o.type().getSimpleName()
              + ", not "
              + type.getSimpleName());
    }
    return (Operand<T>) o;
  }

  /** Float endpoints named {@code prefix/...}, in publication order. */
  public List<Operand<TFloat32>> group(String prefix) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    byName.forEach(
        (k, v) -> {
          if (k.startsWith(prefix + "/") && v.type() == TFloat32.class)
            out.add(get(k, TFloat32.class));
        });
    return out;
  }

  public Set<String> names() {
    return java.util.Collections.unmodifiableSet(byName.keySet());
  }

  public Map<String, Operand<?>> asMap() {
    return java.util.Collections.unmodifiableMap(byName);
  }
}
