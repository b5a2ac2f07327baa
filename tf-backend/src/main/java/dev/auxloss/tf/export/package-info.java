/** SavedModel export of the inference graph: primary outputs only, train-only heads left out. */
package dev.auxloss.tf.export;
