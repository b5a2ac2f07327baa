package dev.auxloss.tf.profile;

/** The part of the training step an op belongs to, from its name scope. */
public enum Phase {
  /** {@code model/...}, {@code losses/<term>/...}, variable reads, inputs. */
  FORWARD,
  /** {@code gradients_N/...}: the backward passes built by {@code GradientBuilder}. */
  BACKWARD,
  /** {@code weights*}/{@code weighting/...}: schedules, weighting strategy, the weighted sum. */
  WEIGHTING,
  /** {@code optimizer/...}, the learning rate, the step increment, every {@code ResourceApply*}. */
  OPTIMIZER,
  /** The non-finite guard, clipping, telemetry and the runtime's own nodes ({@code _Recv}, ...). */
  OTHER;

  static Phase of(String name, String type) {
    if (name.startsWith("gradients")) return BACKWARD;
    if (name.startsWith("optimizer/")
        || name.startsWith("learning_rate")
        || type.startsWith("ResourceApply")
        || type.equals("AssignAddVariableOp")) {
      return OPTIMIZER;
    }
    if (name.startsWith("weighting/") || name.startsWith("weights")) return WEIGHTING;
    if (name.startsWith("model/")
        || name.startsWith("losses/")
        || name.startsWith("vars")
        || name.startsWith("input/")
        || name.startsWith("global_step")
        || name.startsWith("label_mask")) {
      return FORWARD;
    }
    return OTHER;
  }
}
