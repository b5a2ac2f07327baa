/**
 * {@code auxloss predict}: running a run's export on a split or on image files, and writing one
 * JSON line per example ({@link dev.auxloss.cli.predict.Predictions}).
 */
package dev.auxloss.cli.predict;
