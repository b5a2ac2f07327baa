package dev.auxloss.tf.graph;

import dev.auxloss.api.layers.Var;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.weighting.Term;
import dev.auxloss.api.weighting.WeightingResult;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Builds the fused training step of a {@link TrainingPlan} in named stages: {@link #inputs} (global
 * step, one placeholder per field, the label mask) → {@link #model} (training mode, endpoints) →
 * {@link #terms} (every loss, its scheduled weight) → {@link #checkGraph} → {@link #update}
 * (weighting on the {@link ComparedVariables} → gradients → clip → finite guard → optimizer → one
 * train op) → {@link #telemetry} → the inference-mode {@link EvalPass} sharing the variables → the
 * saver.
 *
 * <p>The plan is trusted as resolved: term names, roles and weights were checked by the config
 * resolver. What only the built graph shows (a loss that fails to build against the model's
 * endpoints, a value that is not a float32 scalar, a term with no gradient path, {@code compare_on}
 * naming nothing, output widths) is collected and thrown as one {@link ConfigException}.
 */
public final class TfGraphBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(TfGraphBuilder.class);

  private final TrainingPlan plan;
  private final Graph graph;
  private final Ops tf;
  private final GradientReducer reducer;
  private final TfVariableStore store;
  private final List<ConfigError> errors = new ArrayList<>();
  // Set by the stages, in order.
  private VarHandleOp stepHandle;
  private Operand<TInt64> step;
  private final Map<String, Placeholder<?>> feeds = new LinkedHashMap<>();
  private final Endpoints fields = new Endpoints("field");
  private Operand<TFloat32> mask;
  private ForwardPass train;
  private final List<Term> terms = new ArrayList<>();
  private final Map<String, Operand<TFloat32>> termValues = new LinkedHashMap<>();
  private final Map<String, PlaceholderWithDefault<TFloat32>> overrides = new LinkedHashMap<>();
  private GradientBuilder grads;
  private InitFromReport initFrom;

  private TfGraphBuilder(TrainingPlan plan, Graph graph, GradientReducer reducer) {
    this.plan = plan;
    this.graph = graph;
    this.reducer = reducer;
    Ops ops = Ops.create(graph);
    this.tf =
        plan.runtime().device().isEmpty() ? ops : ops.withDevice(device(plan.runtime().device()));
    this.store = new TfVariableStore(tf, plan.seed(), plan.fineTune()::frozen);
    if (plan.runtime().syncBatchNorm()) {
      if (reducer.workers() > 1) store.syncBatchStatistics(reducer);
      else LOG.warn("sync_batch_norm has no effect in one process: batch norm uses its batch");
    }
  }

  public static TrainingGraph build(TrainingPlan plan, Graph graph) {
    return build(plan, graph, GradientReducer.LOCAL);
  }

  /**
   * Builds the step; with a cluster {@code reducer}, every gradient is averaged over the workers.
   */
  public static TrainingGraph build(TrainingPlan plan, Graph graph, GradientReducer reducer) {
    return new TfGraphBuilder(plan, graph, reducer).build();
  }

  private TrainingGraph build() {
    inputs();
    model();
    terms();
    fineTune();
    checkGraph();
    Update update = update();
    Map<String, Operand<TFloat32>> telemetry = telemetry(update);
    EvalPass.Built eval = EvalPass.build(tf.withSubScope("eval"), plan, store, fields, mask, step);
    TfSaver.build(tf, saved(store, stepHandle, step));
    return new TrainingGraph(
        graph,
        feeds,
        update.trainOp(),
        step,
        telemetry,
        termValues,
        overrides,
        eval.sums(),
        eval.metrics(),
        eval.outputs(),
        eval.endpoints(),
        List.copyOf(train.inputsUsed()),
        store.all().stream().map(Var::name).toList(),
        initFrom,
        everyStep(telemetry));
  }

  /**
   * Each freeze regex must match a trainable variable; init_from is matched against the variables
   * built so far (the model's and the heads'), before optimizer slots and strategy state exist.
   */
  private void fineTune() {
    var ft = plan.fineTune();
    List<Var> built = store.all();
    for (int i = 0; i < ft.freeze().size(); i++) {
      java.util.regex.Pattern p = ft.freeze().get(i);
      List<String> trainable = built.stream().filter(Var::trainable).map(Var::name).toList();
      if (trainable.stream().noneMatch(n -> p.matcher(n).matches())) {
        errors.add(
            ConfigError.of(
                "training.freeze[" + i + "]",
                "'"
                    + p.pattern()
                    + "' matches no trainable variable (a regex matches a whole name); "
                    + "trainable variables: "
                    + String.join(", ", trainable)));
      }
    }
    if (ft.initFrom() != null)
      initFrom = InitFromStage.build(tf, ft.initFrom(), built, store, errors);
  }

  /**
   * The global step (int64 resource variable, read once before the update), the feeds, the label
   * mask.
   */
  private void inputs() {
    stepHandle =
        tf.withInitScope()
            .withName("global_step")
            .varHandleOp(TInt64.class, Shape.scalar(), VarHandleOp.sharedName("global_step"));
    tf.withInitScope().assignVariableOp(stepHandle, tf.withInitScope().constant(0L));
    step = tf.withName("global_step_read").readVariableOp(stepHandle, TInt64.class);
    for (TensorSpec spec : plan.dataset().specs()) {
      Placeholder<?> p =
          tf.withSubScope("input")
              .withName(TfVariableStore.opName(spec.name()))
              .placeholder(spec.type(), Placeholder.shape(spec.batched()));
      feeds.put(spec.name(), p);
      fields.put(spec.name(), p);
    }
    mask = labelMask(tf, fields);
  }

  /**
   * The model in training mode; a model that cannot build ends the build at once (nothing else
   * can).
   */
  private void model() {
    try {
      train =
          ForwardPass.run(plan.model(), tf.withSubScope("model"), store, fields, true, plan.seed());
    } catch (RuntimeException e) {
      throw new ConfigException(
          ConfigError.of(
              "model",
              "model '" + plan.modelName() + "' failed to build: " + ConfigError.reason(e)));
    }
  }

  /**
   * Every term's value under {@code losses/<name>} and its scheduled weight under {@code weights/}.
   */
  private void terms() {
    for (int i = 0; i < plan.terms().size(); i++) {
      TermPlan t = plan.terms().get(i);
      Operand<TFloat32> value = termValue(field(i, t), t);
      if (value == null) continue;
      Ops w = tf.withSubScope("weights");
      PlaceholderWithDefault<TFloat32> override =
          w.withName(TfVariableStore.opName(t.name() + "_override"))
              .placeholderWithDefault(w.constant(1f), Shape.scalar());
      Operand<TFloat32> scheduled =
          w.math.mul(
              w.math.mul(w.constant((float) t.weight()), t.schedule().build(w, step)), override);
      terms.add(new Term(t.name(), t.role(), value, scheduled));
      termValues.put(t.name(), value);
      overrides.put(t.name(), override);
    }
  }

  /** The term's float32 scalar, or null after recording why the loss did not give one. */
  private Operand<TFloat32> termValue(String field, TermPlan t) {
    Operand<TFloat32> value;
    try {
      Ops termOps = tf.withSubScope("losses").withSubScope(TfVariableStore.opName(t.name()));
      value =
          t.loss()
              .build(
                  new TfLossContext(
                      termOps,
                      t.name(),
                      train.endpoints(),
                      fields,
                      mask,
                      step,
                      true,
                      store,
                      plan.model(),
                      plan.seed()));
    } catch (RuntimeException e) {
      errors.add(
          ConfigError.of(
              field, "loss '" + t.key() + "' failed to build: " + ConfigError.reason(e)));
      return null;
    }
    String wrong =
        value.type() != TFloat32.class
            ? dataTypeName(value)
            : value.shape().numDimensions() != 0 ? "shape " + value.shape() : null;
    if (wrong != null) {
      // A raw-typed or non-Java plugin can return any tensor: name it before gradients make it
      // cryptic.
      errors.add(
          ConfigError.of(
              field,
              "loss term '"
                  + t.name()
                  + "' (key "
                  + t.key()
                  + ") returned "
                  + wrong
                  + "; a loss returns a float32 scalar (the batch mean)"));
      return null;
    }
    return value;
  }

  /**
   * What only the built graph shows: gradient paths, what compare_on names, output widths. Throws
   * them all.
   */
  private void checkGraph() {
    // Local combination: per-term gradients stay this worker's; the combined ones are reduced in
    // update().
    grads =
        new GradientBuilder(
            graph, tf, plan.runtime().localCombination() ? GradientReducer.LOCAL : reducer);
    List<Operand<TFloat32>> trainableValues = TfWeightingContext.values(store.trainable());
    for (int i = 0; i < plan.terms().size(); i++) {
      TermPlan t = plan.terms().get(i);
      Operand<TFloat32> v = termValues.get(t.name());
      if (v != null && t.weight() > 0 && grads.reachable(v, trainableValues).isEmpty()) {
        errors.add(
            ConfigError.of(
                field(i, t),
                "loss term '"
                    + t.name()
                    + "' has no gradient path to any trainable variable: it reads none of "
                    + "the model's or its head's variables, so its weight would change nothing"));
      }
    }
    CompareOnCheck.check(plan.compareOn(), store.trainable(), train.endpoints(), errors);
    // Only when nothing else failed: a loss reading the wrong endpoint is the cause, a width its
    // knock-on.
    if (errors.isEmpty()) errors.addAll(OutputWidthCheck.errors(plan.dataset(), train.outputs()));
    if (!errors.isEmpty()) throw new ConfigException(errors);
  }

  /**
   * The step's one train op, what the weighting decided, the learning rate and the finite guard.
   */
  private record Update(
      Op trainOp, WeightingResult weighting, Operand<TFloat32> lr, FiniteGuard guard) {}

  /** Weighting → gradients → (worker mean) → clip → finite guard → optimizer → one train op. */
  private Update update() {
    List<Var> compared =
        ComparedVariables.of(plan.compareOn(), store.trainable(), terms, grads, train.endpoints());
    TfRepresentationGradients rep =
        ComparedVariables.representation(
            plan.compareOn(), tf, terms, store, compared, grads, train.endpoints());
    TfWeightingContext wctx =
        new TfWeightingContext(
                tf.withSubScope("weighting"), terms, store, compared, grads, step, rep)
            .compiledByXla(plan.runtime().xla());
    WeightingResult result = plan.weighting().combine(wctx);
    List<Operand<TFloat32>> gradList = new ArrayList<>();
    List<Var> withGrad = new ArrayList<>();
    for (Var v : store.trainable()) {
      Operand<TFloat32> g = result.gradients().get(v.name());
      if (g != null) {
        withGrad.add(v);
        gradList.add(g);
      }
    }
    if (plan.runtime().localCombination()) gradList = reducer.meanAll(tf, gradList);
    // A NaN/Inf term or gradient changes nothing: the whole update is gated off in-graph.
    FiniteGuard guard = FiniteGuard.of(tf, termValues.values(), gradList);
    gradList = guard.gate(TfOptimizer.clip(tf, gradList, plan.optimizer().clipNorm()));
    Map<String, Operand<TFloat32>> clipped = new LinkedHashMap<>();
    for (int i = 0; i < withGrad.size(); i++) clipped.put(withGrad.get(i).name(), gradList.get(i));
    Operand<TFloat32> lr = guard.gate(TfOptimizer.learningRate(tf, plan.optimizer(), step));
    // Every write of the step goes through the guard: optimizer, strategy state, layer state
    // (batch norm's moving statistics), global step.
    List<Op> all =
        new ArrayList<>(
            TfOptimizer.apply(tf, plan.optimizer(), store, withGrad, clipped, lr, step, guard));
    all.addAll(wctx.stateUpdates(guard.finite));
    Ops layerOps = tf.withSubScope("layer_updates");
    for (TfVariableStore.StepUpdate u : store.stepUpdates())
      all.add(FiniteGuard.write(layerOps, guard.finite, u.var(), u.next()));
    all.add(guard.increment(tf, stepHandle, step));
    Op trainOp = tf.withControlDependencies(all).withName("train_step").noOp();
    return new Update(trainOp, result, lr, guard);
  }

  /**
   * Per term raw/weight/weighted and the total (worker means), the learning rate, skipped, the
   * strategy's own.
   */
  private Map<String, Operand<TFloat32>> telemetry(Update update) {
    Map<String, Operand<TFloat32>> telemetry = new LinkedHashMap<>();
    List<Operand<TFloat32>> weighted = new ArrayList<>();
    for (Term t : terms) {
      Operand<TFloat32> eff =
          update.weighting().effectiveWeights().getOrDefault(t.name(), t.scheduledWeight());
      Operand<TFloat32> wv = tf.math.mul(eff, t.value());
      weighted.add(wv);
      telemetry.put(TelemetryKeys.raw(t.name()), t.value());
      telemetry.put(TelemetryKeys.weight(t.name()), eff);
      telemetry.put(TelemetryKeys.weighted(t.name()), wv);
    }
    // Reported values are the mean over workers, like the gradients (one collective for all).
    telemetry.put(TelemetryKeys.TOTAL_LOSS, tf.math.addN(weighted));
    List<String> keys = new ArrayList<>(telemetry.keySet());
    List<Operand<TFloat32>> means = reducer.meanAll(tf, new ArrayList<>(telemetry.values()));
    for (int i = 0; i < keys.size(); i++) telemetry.put(keys.get(i), means.get(i));
    telemetry.put(TelemetryKeys.LEARNING_RATE, update.lr());
    telemetry.put(TelemetryKeys.SKIPPED, update.guard().skipped);
    telemetry.putAll(update.weighting().telemetry());
    return telemetry;
  }

  /**
   * The telemetry keys fetched on every step, not only on summary steps: what the trainer reads
   * each step (values and weights for the non-finite check and progress, skipped), and the gradient
   * norms while the zero-gradient alarm counts steps. A strategy's own scalars (cosines, conflict
   * rates, solver outputs) wait for summary steps; its state updates (e.g. conflict counters) still
   * run every step through the train op, so their numbers do not change.
   */
  private List<String> everyStep(Map<String, Operand<TFloat32>> telemetry) {
    boolean gradNorms = plan.training().zeroGradientAlarmSteps() > 0;
    List<String> out = new ArrayList<>();
    for (String key : telemetry.keySet()) {
      if (core(key) || gradNorms && TelemetryKeys.termOf(key, TelemetryKeys.GRAD_NORM).isPresent())
        out.add(key);
    }
    return List.copyOf(out);
  }

  /** The scalars {@link #telemetry} itself adds: term values and weights, total, lr, skipped. */
  private boolean core(String key) {
    if (key.equals(TelemetryKeys.TOTAL_LOSS)
        || key.equals(TelemetryKeys.LEARNING_RATE)
        || key.equals(TelemetryKeys.SKIPPED)) return true;
    for (Term t : terms) {
      if (key.equals(TelemetryKeys.raw(t.name()))
          || key.equals(TelemetryKeys.weight(t.name()))
          || key.equals(TelemetryKeys.weighted(t.name()))) return true;
    }
    return false;
  }

  /** "loss[1] (aux)": where a term's build problem is reported. */
  private static String field(int index, TermPlan t) {
    return "loss[" + index + "] (" + t.name() + ")";
  }

  static List<TfSaver.Saved> saved(
      TfVariableStore store, Operand<?> stepHandle, Operand<TInt64> step) {
    List<TfSaver.Saved> out = new ArrayList<>();
    for (Var v : store.all())
      out.add(new TfSaver.Saved(v.name(), v.handle(), v.value(), TFloat32.class));
    if (stepHandle != null) {
      @SuppressWarnings("unchecked")
      Operand<? extends org.tensorflow.types.family.TType> h =
          (Operand<? extends org.tensorflow.types.family.TType>) stepHandle;
      out.add(new TfSaver.Saved("global_step", h, step, TInt64.class));
    }
    return out;
  }

  /** The batch's {@code label_mask} field, or ones when the dataset labels every example. */
  public static Operand<TFloat32> labelMask(Ops tf, Endpoints fields) {
    if (fields.has("label_mask")) return fields.get("label_mask", TFloat32.class);
    Operand<?> any = fields.asMap().values().iterator().next();
    Operand<org.tensorflow.types.TInt32> n = tf.shape.size(tf.shape(any), tf.constant(0));
    return tf.withName("label_mask_ones")
        .fill(tf.reshape(n, tf.constant(new int[] {1})), tf.constant(1f));
  }

  /** "int32", "float64": the tensor's element type as TensorFlow names it (TInt32 → int32). */
  static String dataTypeName(Operand<?> value) {
    return value.type().getSimpleName().replaceFirst("^T", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** "/GPU:0", "/CPU:0" → a device spec (the resolver has checked the form). */
  static org.tensorflow.DeviceSpec device(String device) {
    String d = device.toUpperCase();
    int index = d.contains(":") ? Integer.parseInt(d.substring(d.lastIndexOf(':') + 1)) : 0;
    return org.tensorflow.DeviceSpec.newBuilder()
        .deviceType(
            d.contains("GPU")
                ? org.tensorflow.DeviceSpec.DeviceType.GPU
                : org.tensorflow.DeviceSpec.DeviceType.CPU)
        .deviceIndex(index)
        .build();
  }
}
