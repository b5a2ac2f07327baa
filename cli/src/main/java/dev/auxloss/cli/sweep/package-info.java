/**
 * {@code auxloss sweep}: the grid of {@code --vary} values ({@link
 * dev.auxloss.cli.sweep.ConfigPath}, {@link dev.auxloss.cli.sweep.Vary}, {@link
 * dev.auxloss.cli.sweep.Setting}), its trials run through {@code train} and {@code evaluate} in
 * child JVMs or in process ({@link dev.auxloss.cli.sweep.TrialWork}, {@link
 * dev.auxloss.cli.sweep.TrialPool}; on a cluster, claimed by each worker: {@link
 * dev.auxloss.cli.sweep.SweepCluster}, {@link dev.auxloss.cli.sweep.ClaimedTrials}), and the
 * comparison on validation with a paired interval against a baseline ({@link
 * dev.auxloss.cli.sweep.Stats}, {@link dev.auxloss.cli.sweep.SweepResults}, {@link
 * dev.auxloss.cli.sweep.SweepReport}). docs/sweep.md is the user's guide.
 */
package dev.auxloss.cli.sweep;
