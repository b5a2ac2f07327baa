/** Session configuration: threads, XLA, devices and GPU memory, from the experiment's runtime block. */
package dev.auxloss.tf.runtime;
