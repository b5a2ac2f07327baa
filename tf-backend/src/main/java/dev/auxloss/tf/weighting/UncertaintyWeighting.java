package dev.auxloss.tf.weighting;

import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.layers.Var;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingContext;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.api.weighting.WeightingStrategy;
import dev.auxloss.tf.graph.TelemetryKeys;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code uncertainty} — homoscedastic-uncertainty weighting (Kendall, Gal &amp; Cipolla 2018,
 * "Multi-Task Learning Using Uncertainty to Weigh Losses for Scene Geometry and Semantics", CVPR).
 * Each adapted term gets a trainable log-variance s = log σ² (starts at {@code
 * initial_log_variance} = 0), trained by the optimizer with the model, and contributes
 *
 * <ul>
 *   <li>{@code task_type = classification} (default): w·(exp(−s)·L + s), the form most
 *       implementations use (the paper's eq. 10 has ½s; the factor only changes the prior's pull);
 *   <li>{@code task_type = regression}: w·(½exp(−s)·L + ½s), the Gaussian likelihood of eq. 5.
 * </ul>
 *
 * {@code regression_terms} (comma-separated term names) gives those terms the regression form
 * whatever {@code task_type} says, so depth beside segmentation is weighted as in the paper's
 * experiments (a name that is not a weighted term is a config error).
 *
 * <p>The optimum is s = log L, so a term's weight exp(−s) tracks 1/L. <b>Clamping:</b> the loss
 * sees s clamped to [{@code min_log_variance}, {@code max_log_variance}] = [−10, 10], so a
 * diverging (1e30) or vanishing loss can never make the weight infinite, zero or NaN; outside the
 * range the clamp has no gradient and a penalty ½(s − clamp(s))² pulls the variable back. (One step
 * with a huge exp(−s)·L can still throw the variable far past the bound; the weight stays clamped
 * while the penalty brings it back at the optimizer's pace.) With {@code auxiliary_only} the
 * primaries keep their scheduled weight and only auxiliaries learn one. Regularizers are never
 * adapted. One backward pass of the total, which includes the s terms (their gradient is returned
 * for the log-variance variables {@code weighting/uncertainty/<term>/log_variance}).
 *
 * <p>Reported: effective weight w·exp(−s) (½ for regression), {@code term/<name>/log_variance} (the
 * clamped s) and {@code term/<name>/adaptive_weight}. Example: L = 4, s = 0 → gradient for s is
 * w·(1 − 4) = −3w; at s = log 4 it is 0 and the weight is w/4.
 *
 * <p><b>Versus LibMTL.</b> LibMTL uses ½e^{−s}·L + ½s for every term, from s₀ = −0.5; the default
 * here is the classification form e^{−s}·L + s from s₀ = 0. Both reach s = log L, so at the optimum
 * each weight here is twice LibMTL's (1/L against 1/(2L)) with the same relative balance between
 * terms. {@code task_type} applies to every adapted term not named in {@code regression_terms}.
 */
public final class UncertaintyWeighting implements WeightingStrategy {
  public static final String KEY = "uncertainty";

  /**
   * @param taskType {@code classification} or {@code regression}
   * @param minLogVariance lower clamp of s
   * @param maxLogVariance upper clamp of s, &gt; min
   * @param initialLogVariance starting s, within the clamp
   * @param auxiliaryOnly only auxiliary terms get a learned weight
   * @param regressionTerms terms given the regression form whatever {@code taskType} says
   */
  public record Options(
      String taskType,
      double minLogVariance,
      double maxLogVariance,
      double initialLogVariance,
      boolean auxiliaryOnly,
      List<String> regressionTerms) {
    public static final Param<String> TASK_TYPE =
        Param.choice(
            "task_type",
            "classification",
            List.of("classification", "regression"),
            "classification: exp(-s)L + s; regression: halves");
    public static final Param<Double> MIN_LOG_VARIANCE =
        Param.number("min_log_variance", -10, "lower clamp of s = log sigma^2");
    public static final Param<Double> MAX_LOG_VARIANCE =
        Param.number("max_log_variance", 10, "upper clamp of s; must be > min_log_variance");
    public static final Param<Double> INITIAL_LOG_VARIANCE =
        Param.number(
            "initial_log_variance",
            0,
            "starting s; must be within [min_log_variance, max_log_variance]");
    public static final Param<Boolean> AUXILIARY_ONLY =
        Param.flag("auxiliary_only", false, "primaries keep a fixed weight");
    public static final Param<String> REGRESSION_TERMS =
        Param.text(
            "regression_terms",
            "",
            "comma-separated terms with the regression form, whatever task_type");
    public static final Options DEFAULTS =
        new Options(
            TASK_TYPE.defaultValue(),
            MIN_LOG_VARIANCE.defaultValue(),
            MAX_LOG_VARIANCE.defaultValue(),
            INITIAL_LOG_VARIANCE.defaultValue(),
            AUXILIARY_ONLY.defaultValue(),
            List.of());

    public Options(
        String taskType,
        double minLogVariance,
        double maxLogVariance,
        double initialLogVariance,
        boolean auxiliaryOnly) {
      this(taskType, minLogVariance, maxLogVariance, initialLogVariance, auxiliaryOnly, List.of());
    }

    public Options {
      TASK_TYPE.validate(taskType);
      MIN_LOG_VARIANCE.validate(minLogVariance);
      MAX_LOG_VARIANCE.validate(maxLogVariance);
      INITIAL_LOG_VARIANCE.validate(initialLogVariance);
      // The rules across parameters, reported together.
      List<ConfigError> errors = new java.util.ArrayList<>();
      if (!(maxLogVariance > minLogVariance)) {
        errors.add(
            ConfigError.of(
                MAX_LOG_VARIANCE.name(),
                "must be > min_log_variance (" + minLogVariance + "), found " + maxLogVariance));
      }
      if (initialLogVariance < minLogVariance || initialLogVariance > maxLogVariance) {
        errors.add(
            ConfigError.of(
                INITIAL_LOG_VARIANCE.name(),
                "must be within [min_log_variance, max_log_variance], found "
                    + initialLogVariance));
      }
      if (!errors.isEmpty()) throw new ConfigException(errors);
      regressionTerms = List.copyOf(regressionTerms);
    }

    static Options read(Params p) {
      return new Options(
          p.get(TASK_TYPE),
          p.get(MIN_LOG_VARIANCE),
          p.get(MAX_LOG_VARIANCE),
          p.get(INITIAL_LOG_VARIANCE),
          p.get(AUXILIARY_ONLY),
          java.util.Arrays.stream(p.get(REGRESSION_TERMS).split(","))
              .map(String::strip)
              .filter(n -> !n.isEmpty())
              .toList());
    }
  }

  private final Options options;

  public UncertaintyWeighting(Options options) {
    this.options = options;
  }

  public static WeightingFactory factory() {
    return WeightingFactory.of(
        Descriptor.builder(KEY)
            .summary(
                "learns a log-variance per term: exp(-s)·L + s, clamped so weights stay finite")
            .paper(
                "Kendall, Gal & Cipolla 2018, Multi-Task Learning Using Uncertainty to Weigh Losses (CVPR)")
            .params(
                Options.TASK_TYPE,
                Options.MIN_LOG_VARIANCE,
                Options.MAX_LOG_VARIANCE,
                Options.INITIAL_LOG_VARIANCE,
                Options.AUXILIARY_ONLY,
                Options.REGRESSION_TERMS)
            .build(),
        p -> new UncertaintyWeighting(Options.read(p)));
  }

  @Override
  public WeightingResult combine(WeightingContext ctx) {
    Ops tf = ctx.tf().withSubScope(KEY);
    GramMath m = new GramMath(tf);
    List<Term> adapted = TermState.participants(ctx.terms());
    List<String> unknown =
        options.regressionTerms().stream()
            .filter(n -> adapted.stream().noneMatch(t -> t.name().equals(n)))
            .toList();
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          ConfigError.of(
              "weighting.param.regression_terms",
              "names "
                  + unknown
                  + ", which are not weighted primary or auxiliary terms; terms: "
                  + adapted.stream().map(Term::name).toList()));
    }
    Map<Term, Operand<TFloat32>> factor = new IdentityHashMap<>();
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    List<Operand<TFloat32>> extra = new ArrayList<>();
    for (Term t : adapted) {
      if (options.auxiliaryOnly() && t.role() != Role.AUXILIARY) continue;
      boolean regression =
          options.taskType().equals("regression") || options.regressionTerms().contains(t.name());
      double half = regression ? 0.5 : 1.0;
      Var s =
          ctx.trainableVariable(
              KEY + "/" + t.name() + "/log_variance",
              Shape.scalar(),
              Initializer.constant((float) options.initialLogVariance()));
      Operand<TFloat32> clamped =
          m.clip(s.value(), options.minLogVariance(), options.maxLogVariance());
      Operand<TFloat32> precision = tf.math.mul(m.c(half), tf.math.exp(tf.math.neg(clamped)));
      factor.put(t, precision);
      // w·(h·s) beside w·(h·exp(−s))·L, and the pull back into the clamp range
      extra.add(tf.math.mul(t.scheduledWeight(), tf.math.mul(m.c(half), clamped)));
      extra.add(tf.math.mul(m.c(0.5), tf.math.square(tf.math.sub(s.value(), clamped))));
      telemetry.put(TelemetryKeys.term(t.name(), "log_variance"), clamped);
      telemetry.put(TelemetryKeys.term(t.name(), "adaptive_weight"), precision);
    }
    Map<String, Operand<TFloat32>> weights = TermState.effectiveWeights(tf, ctx.terms(), factor);
    Operand<TFloat32> total = TermState.weightedSum(tf, ctx.terms(), factor);
    if (!extra.isEmpty()) {
      List<Operand<TFloat32>> all = new ArrayList<>(extra);
      all.add(total);
      total = tf.math.addN(all);
    }
    return new WeightingResult(TermState.gradients(ctx, total), weights, telemetry);
  }
}
