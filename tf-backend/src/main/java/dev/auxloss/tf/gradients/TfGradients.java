package dev.auxloss.tf.gradients;

/** The custom-gradient registry (being written). */
public final class TfGradients {
  private TfGradients() {}

  /** Registers every custom gradient once per JVM; safe to call repeatedly. */
  public static synchronized void registerAll() {}
}
