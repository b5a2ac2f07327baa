/**
 * Synchronous data-parallel training on TensorFlow's own gRPC runtime: every worker process runs
 * the same fused step on its own shard, and a collective all-reduce ({@code CollectiveReduceV2})
 * inside that step averages every gradient and telemetry scalar, so all workers keep identical
 * parameters.
 *
 * <ul>
 *   <li>{@link dev.auxloss.tf.distributed.ClusterSpec} — who is in the cluster and which task this
 *       process is: resolved by the caller (the config, or the CLI from flags and the environment).
 *   <li>{@link dev.auxloss.tf.distributed.ClusterTarget} — the {@code ExecutionTarget} of one
 *       worker: TF server, targeted session, all-reduce, shard, chief; {@code
 *       TfTrainingSession.open} picks it.
 *   <li>{@link dev.auxloss.tf.distributed.PeerWatchdog} — stops a worker about a second after a
 *       peer dies, naming it ({@link dev.auxloss.tf.distributed.WorkerLostException}).
 *   <li>{@link dev.auxloss.tf.distributed.LocalClusterLauncher} — N workers on one machine, in a
 *       private network namespace.
 * </ul>
 *
 * TF's servers listen on every interface without authentication: see docs/distributed.md.
 */
package dev.auxloss.tf.distributed;
