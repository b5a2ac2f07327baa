/**
 * Weight and learning-rate schedules evaluated in the graph from the global step: constant, linear,
 * cosine, step, warm-up, off-after-N and exponential decay; combine them with {@code times}.
 */
package dev.auxloss.api.schedule;
