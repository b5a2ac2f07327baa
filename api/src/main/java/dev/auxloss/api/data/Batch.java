package dev.auxloss.api.data;

import java.util.Map;

/**
 * One batch: every field by name (inputs, labels and an optional {@code label_mask} of 1/0 floats).
 */
public record Batch(Map<String, HostTensor> fields) {
  public Batch {
    fields = Map.copyOf(fields);
  }

  public int size() {
    return (int) fields.values().iterator().next().shape().get(0);
  }

  public HostTensor get(String name) {
    HostTensor t = fields.get(name);
    if (t == null)
      throw new IllegalArgumentException(
          "batch has no field '" + name + "', fields: " + fields.keySet());
    return t;
  }
}
