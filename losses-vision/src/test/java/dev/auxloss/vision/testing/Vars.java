package dev.auxloss.vision.testing;

import dev.auxloss.tf.testing.LossHarness;

/** Reads a variable's current value from a harness graph, so tests can recompute heads by hand. */
public final class Vars {
  private Vars() {}

  /** The value of variable {@code name} (for example {@code heads/term/aux/fc/kernel}). */
  public static float[] read(LossHarness h, String name) {
    return h.variable(name);
  }
}
