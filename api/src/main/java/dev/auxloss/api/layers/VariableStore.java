package dev.auxloss.api.layers;

import org.tensorflow.ndarray.Shape;

/**
 * Creates resource variables, or returns the existing one with the same name (so a second forward
 * pass shares weights). Implemented by the backend; each variable gets a unique shared name and is
 * initialised once.
 */
public interface VariableStore {
  /**
   * Gets or creates the float32 variable {@code name}.
   *
   * @param trainable whether the optimizer updates it
   * @param trainOnly whether it stays out of the served export
   * @throws IllegalArgumentException when a variable of that name exists with another shape
   */
  Var variable(String name, Shape shape, Initializer init, boolean trainable, boolean trainOnly);
}
