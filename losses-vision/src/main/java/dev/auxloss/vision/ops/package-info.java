/**
 * Graph building blocks shared by the vision losses and models: cross-entropy through the op that
 * has a gradient in TF Java 1.1.0, masked batch means, entropy, nnU-Net's soft Dice, exact 90°
 * rotations, resizing and random image views. Everything here builds ops; nothing holds graph
 * state.
 */
package dev.auxloss.vision.ops;
