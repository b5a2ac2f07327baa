package dev.auxloss.api.loss;

import dev.auxloss.api.layers.Layers;
import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Everything a loss may read while it builds: the model's named endpoints, the labels with their
 * mask, the global step and a layer kit for train-only heads.
 *
 * <p>A name that does not exist is an error listing the names that do; the backend collects such
 * errors from every term and reports them together.
 */
public interface LossContext {
  /** Ops scoped to this term ({@code losses/<term name>}). */
  Ops tf();

  /** The term's configured name (its key unless the config renamed it). */
  String termName();

  /** A float32 endpoint published by the model. */
  Operand<TFloat32> endpoint(String name);

  /** An endpoint of any type, checked against {@code type}. */
  <T extends TType> Operand<T> endpoint(String name, Class<T> type);

  /** Every float32 endpoint whose name starts with {@code prefix + "/"}, in publication order. */
  List<Operand<TFloat32>> endpointGroup(String prefix);

  /** The names the model published, for error messages and optional features. */
  Set<String> endpointNames();

  /** A label field of the batch (for example {@code "label"}), checked against {@code type}. */
  <T extends TType> Operand<T> label(String name, Class<T> type);

  /** A model input (for example {@code "image"}), so self-supervised terms can transform it. */
  <T extends TType> Operand<T> input(String name, Class<T> type);

  /**
   * 1 for labelled examples and 0 for unlabelled ones, shape {@code [batch]}; all ones when the
   * data has no mask. Primary losses average over labelled examples only.
   */
  Operand<TFloat32> labelMask();

  /** The global step (incremented once per training step). */
  Operand<TInt64> globalStep();

  /** True while building the training graph. */
  boolean training();

  /** Layer kit whose variables live under this term's scope and are tagged train-only. */
  Layers layers();

  /**
   * Rebuilds part of the model on a different input (for example a rotated image), sharing the
   * model's variables; returns the endpoints of that second pass.
   */
  ModelPass runModel(String inputName, Operand<?> replacement);

  /** The experiment seed, for reproducible in-graph randomness. */
  long seed();

  /** Endpoints of an extra forward pass of the model, see {@link LossContext#runModel}. */
  interface ModelPass {
    Operand<TFloat32> endpoint(String name);

    Set<String> endpointNames();
  }
}
