/**
 * The runtime a training session gets: {@link dev.auxloss.tf.runtime.TfSessionConfig} turns the
 * experiment's {@code runtime} block into TF's ConfigProto (thread pools, grappler passes, XLA, GPU
 * memory) and {@link dev.auxloss.tf.runtime.TfNativeEnvironment} says which settings TF only reads
 * from the environment when its natives load (oneDNN, the CPU allocator, XLA on CPU). Every default
 * is the fastest setting measured in benchmarks/SPEED_RESULTS.md.
 */
package dev.auxloss.tf.runtime;
