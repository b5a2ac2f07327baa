package dev.auxloss.api.layers;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

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

  /**
   * Registers {@code next} as the value {@code var} takes in each training step, for state that is
   * not a gradient update (batch norm's moving statistics). The write joins the step's one {@code
   * Session.run} after every read of {@code var} in it, and is skipped with the rest of a step
   * whose loss or gradients are not finite. Only the first registration of a variable counts: the
   * model's own pass, not a loss's second pass of the model. Graphs that run no training step
   * (evaluation, export) never run it.
   *
   * @throws IllegalArgumentException when {@code var} was not created by this store
   */
  void updateWithStep(Var var, Operand<TFloat32> next);

  /**
   * Whether fine-tuning froze the variable {@code name} ({@code training.freeze}): no gradient is
   * taken for it. A layer whose parameters are frozen behaves as at inference — batch norm
   * normalises with, and keeps, its moving statistics — as Keras' {@code trainable = False} and
   * mmsegmentation's {@code frozen_stages} do.
   */
  default boolean frozen(String name) {
    return false;
  }

  /**
   * Whether batch norm in training mode normalises with the statistics of the global batch of every
   * data-parallel worker ({@code sync_batch_norm} in a cluster). Default false: each worker uses
   * its own batch (TensorFlow's default), and always in one process.
   */
  default boolean syncsBatchStatistics() {
    return false;
  }

  /**
   * The sum of {@code x} over the data-parallel workers, inside the step (an all-reduce whose
   * gradient is the all-reduced incoming gradient); {@code x} itself in one process. Batch norm
   * uses it for its statistics when {@link #syncsBatchStatistics()}.
   */
  default Operand<TFloat32> sumOverWorkers(Ops tf, Operand<TFloat32> x) {
    return x;
  }
}
