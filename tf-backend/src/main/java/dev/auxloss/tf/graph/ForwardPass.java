package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelFn;
import java.util.Set;
import org.tensorflow.op.Ops;

/**
 * Runs a {@link ModelFn} once on a set of inputs. Model variables are named under {@code model/}
 * and shared between passes, so a second pass (rotated images, a second dropout view) reuses the
 * weights.
 */
public record ForwardPass(Endpoints endpoints, Endpoints outputs, Set<String> inputsUsed) {

  public static ForwardPass run(
      ModelFn model, Ops tf, TfVariableStore store, Endpoints inputs, boolean training, long seed) {
    Layers layers = new Layers(tf, store, "model", false, training, seed);
    TfModelContext ctx = new TfModelContext(tf, training, inputs, layers, seed);
    model.build(ctx);
    return new ForwardPass(ctx.endpoints, ctx.outputs, Set.copyOf(ctx.inputsUsed));
  }
}
