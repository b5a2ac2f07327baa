package dev.auxloss.config;

import dev.auxloss.api.schedule.WeightSchedule;

/**
 * The resolved optimizer. Defaults: Adam (Kingma &amp; Ba 2015) lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7;
 * momentum 0.9; AdamW (Loshchilov &amp; Hutter 2019) decoupled weight decay 0.01.
 */
public record OptimizerPlan(
    String type,
    double learningRate,
    WeightSchedule lrSchedule,
    double momentum,
    boolean nesterov,
    double beta1,
    double beta2,
    double epsilon,
    double weightDecay,
    double clipNorm) {
  public static final String SGD = "sgd";
  public static final String MOMENTUM = "momentum";
  public static final String ADAM = "adam";
  public static final String ADAMW = "adamw";

  public static OptimizerPlan adam(double lr) {
    return new OptimizerPlan(
        ADAM,
        lr,
        dev.auxloss.api.schedule.Schedules.constant(1),
        0.9,
        false,
        0.9,
        0.999,
        1e-7,
        0.01,
        0);
  }
}
