/**
 * The loss SPI: {@link dev.auxloss.api.loss.AuxLoss} builds a batch-mean scalar from a {@link
 * dev.auxloss.api.loss.LossContext}; a {@link dev.auxloss.api.loss.LossFactory} makes one from
 * config parameters and describes its defaults; {@link dev.auxloss.api.loss.LossOps} holds the
 * masked mean and the label-smoothed cross-entropy that losses share.
 */
package dev.auxloss.api.loss;
