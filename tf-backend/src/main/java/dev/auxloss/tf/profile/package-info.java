/**
 * Where a training step's time goes, per loss term: TF step stats (RunOptions FULL_TRACE) of
 * sampled steps, each op's time attributed to the term whose head, backward pass, weighting or
 * update caused it ({@link dev.auxloss.tf.profile.TfProfiler}).
 */
package dev.auxloss.tf.profile;
