package dev.auxloss.api.data;

/** Which part of a dataset: training, validation during training, or the held-out test set. */
public enum Split {
  TRAIN,
  VALIDATION,
  TEST
}
