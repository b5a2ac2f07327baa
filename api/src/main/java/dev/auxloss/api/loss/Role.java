package dev.auxloss.api.loss;

/** What a loss term is for; decides whether it is served, scheduled and compared against. */
public enum Role {
  /** The served objective; several are allowed for multitask training. */
  PRIMARY,
  /**
   * Train-only objective: may be scheduled, gated or turned off; its heads never reach the export.
   */
  AUXILIARY,
  /** A penalty on the model itself (weight decay, confidence penalty...). */
  REGULARIZER
}
