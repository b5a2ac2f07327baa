/**
 * What a training run shows and leaves behind, apart from what the backend writes itself
 * (checkpoints, the SavedModel):
 *
 * <ul>
 *   <li>{@link dev.auxloss.cli.run.ProgressListener}: a progress bar with ETA and the primary and
 *       per-term losses on a terminal, plain periodic log lines otherwise;
 *   <li>{@link dev.auxloss.cli.run.MetricsCsv}: {@code metrics.csv}, every step scalar at the
 *       summary cadence;
 *   <li>{@link dev.auxloss.cli.run.RunRecorder} + {@link dev.auxloss.cli.run.CurvesChart}: {@code
 *       curves.png}, loss and effective-weight curves per term;
 *   <li>{@link dev.auxloss.cli.run.RunReport}: {@code run.json}, the config hash, final step, the
 *       segments a resumed run was trained in, test metrics and each term's weight trajectory;
 *   <li>{@link dev.auxloss.cli.run.RunDirectory}: the directory itself, created only once the graph
 *       builds and removed again when a failed run left nothing useful in it.
 * </ul>
 */
package dev.auxloss.cli.run;
