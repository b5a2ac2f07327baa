package dev.auxloss.api.weighting;

import dev.auxloss.api.loss.Role;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One loss term as a weighting strategy sees it.
 *
 * @param name the term's unique name
 * @param role primary, auxiliary or regularizer
 * @param value the raw batch-mean loss
 * @param scheduledWeight configured weight × schedule(step) × run-time override; strategies
 *     multiply their own weight with it
 */
public record Term(
    String name, Role role, Operand<TFloat32> value, Operand<TFloat32> scheduledWeight) {}
