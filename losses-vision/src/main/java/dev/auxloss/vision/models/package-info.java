/**
 * Reference vision models for 28×28×1 images, each a record implementing {@link
 * dev.auxloss.api.model.ModelFn} with a {@code FACTORY}: {@code cnn-ds} (the benchmark CNN), {@code
 * deep-plain} (deep, no batch norm, plain init: where deep supervision helps), {@code seg-net} (a
 * small encoder-decoder), {@code resnet} (ResNet-18..101 with batch norm, any image size) and
 * {@code unet} (nnU-Net's shape, any image size, an endpoint per decoder level for multi-scale deep
 * supervision). Each publishes named endpoints for auxiliary heads and serves {@code logits}.
 */
package dev.auxloss.vision.models;
