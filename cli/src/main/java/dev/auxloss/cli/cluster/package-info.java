/**
 * Where the CLI learns which cluster this process joins: the config's {@code runtime.cluster}, the
 * {@code --task} flag and the environment ({@code AUXLOSS_CLUSTER}, TensorFlow's {@code TF_CONFIG}
 * as a Kubernetes TFJob sets it), resolved into the {@link dev.auxloss.tf.distributed.ClusterSpec}
 * the backend takes. The backend itself reads none of these variables.
 */
package dev.auxloss.cli.cluster;
