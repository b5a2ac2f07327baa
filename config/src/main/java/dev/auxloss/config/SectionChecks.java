package dev.auxloss.config;

import dev.auxloss.api.params.NearestName;
import dev.auxloss.config.proto.Data;
import dev.auxloss.config.proto.Experiment;
import dev.auxloss.config.proto.Optimizer;
import dev.auxloss.config.proto.Runtime;
import dev.auxloss.config.proto.Training;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules of the sections that need no plugin: name, data sizes, optimizer, training, runtime and
 * where gradients are compared. Checked on the config with defaults filled, so a value that is
 * still out of range was written by the user (an explicit 0 included: those fields have presence).
 */
final class SectionChecks {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
  private static final Pattern DEVICE = Pattern.compile("/(device:)?(CPU|GPU):\\d+");
  private static final Pattern WORKER = Pattern.compile("[A-Za-z0-9.-]+:\\d{1,5}");

  /** Which optional optimizer fields each type reads. */
  static final Map<String, List<String>> OPTIMIZER_FIELDS =
      Map.of(
          OptimizerPlan.SGD, List.of(),
          OptimizerPlan.MOMENTUM, List.of("momentum", "nesterov"),
          OptimizerPlan.ADAM, List.of("beta1", "beta2", "epsilon"),
          OptimizerPlan.ADAMW, List.of("beta1", "beta2", "epsilon", "weight_decay"));

  private SectionChecks() {}

  static void check(Experiment raw, Experiment e, ErrorCollector errors) {
    errors.check(
        NAME.matcher(e.getName()).matches(),
        "name",
        "must be letters, digits, '.', '_' or '-' (it names the run directory)",
        "'" + e.getName() + "'");
    data(e.getData(), errors);
    optimizer(raw.getOptimizer(), e.getOptimizer(), errors);
    training(e.getTraining(), errors);
    runtime(e.getRuntime(), errors);
  }

  /**
   * {@code weighting.compare_on} parsed; null, with an error, when it is none of the four forms.
   */
  static CompareOn compareOn(Experiment e, ErrorCollector errors) {
    String text = e.getWeighting().getCompareOn();
    CompareOn parsed = CompareOn.parse(text).orElse(null);
    errors.check(
        parsed != null,
        "weighting.compare_on",
        "must be shared, all, group:<variable name prefix> or endpoint:<endpoint name>",
        "'" + text + "'");
    return parsed;
  }

  private static void data(Data d, ErrorCollector errors) {
    errors.check(d.getBatchSize() > 0, "data.batch_size", "must be > 0", d.getBatchSize());
    double f = d.getLabelFraction();
    errors.check(f > 0 && f <= 1, "data.label_fraction", "must be in (0, 1]", f);
  }

  private static void optimizer(Optimizer raw, Optimizer o, ErrorCollector errors) {
    List<String> reads = OPTIMIZER_FIELDS.get(o.getType());
    if (reads == null) {
      errors.add(
          "optimizer.type",
          NearestName.unknown("optimizer", o.getType(), OPTIMIZER_FIELDS.keySet()));
    } else {
      for (var f : Optimizer.getDescriptor().getFields()) {
        boolean optional =
            List.of("momentum", "nesterov", "beta1", "beta2", "epsilon", "weight_decay")
                .contains(f.getName());
        if (optional && raw.hasField(f) && !reads.contains(f.getName())) {
          errors.add(
              "optimizer." + f.getName(),
              "not used by the "
                  + o.getType()
                  + " optimizer"
                  + (reads.isEmpty() ? "" : " (it reads " + String.join(", ", reads) + ")"));
        }
      }
    }
    positive(o.getLearningRate(), "optimizer.learning_rate", errors);
    unit(o.getMomentum(), "optimizer.momentum", errors);
    unit(o.getBeta1(), "optimizer.beta1", errors);
    unit(o.getBeta2(), "optimizer.beta2", errors);
    // Filled for the types that read it; a type that does not read it leaves it unset.
    if (o.hasEpsilon()) positive(o.getEpsilon(), "optimizer.epsilon", errors);
    nonNegative(o.getWeightDecay(), "optimizer.weight_decay", errors);
    nonNegative(o.getClipNorm(), "optimizer.clip_norm", errors);
  }

  private static void training(Training t, ErrorCollector errors) {
    errors.check(t.getSteps() > 0, "training.steps", "must be > 0", t.getSteps());
    errors.check(t.getEvalEvery() > 0, "training.eval_every", "must be > 0", t.getEvalEvery());
    errors.check(
        t.getCheckpointEvery() > 0,
        "training.checkpoint_every",
        "must be > 0",
        t.getCheckpointEvery());
    errors.check(
        t.getSummaryEvery() > 0, "training.summary_every", "must be > 0", t.getSummaryEvery());
    errors.check(
        t.getKeepCheckpoints() > 0,
        "training.keep_checkpoints",
        "must be > 0",
        t.getKeepCheckpoints());
    // Left out (0 in the settings) is the whole validation split; written, it is a number of
    // batches.
    errors.check(
        !t.hasEvalBatches() || t.getEvalBatches() > 0,
        "training.eval_batches",
        "must be > 0 (leave it out to evaluate the whole validation split)",
        t.getEvalBatches());
    errors.check(
        t.getZeroGradientAlarmSteps() > 0,
        "training.zero_gradient_alarm_steps",
        "must be > 0",
        t.getZeroGradientAlarmSteps());
    errors.check(
        t.getProfileEvery() >= 0,
        "training.profile_every",
        "must be >= 0 (0: off)",
        t.getProfileEvery());
  }

  private static void runtime(Runtime r, ErrorCollector errors) {
    String device = r.getDevice();
    // "cpu", "/gpu:1": TensorFlow's spelling is upper case with an index.
    String meant =
        device.matches("(?i)/?(device:)?(cpu|gpu)(:\\d+)?")
            ? "; did you mean '/"
                + device.replaceFirst("^/?(?i)(device:)?", "").toUpperCase()
                + (device.matches(".*:\\d+") ? "" : ":0")
                + "'?"
            : "";
    errors.check(
        device.isEmpty() || DEVICE.matcher(device).matches(),
        "runtime.device",
        "must be empty (TensorFlow's choice), /CPU:<n> or /GPU:<n>",
        "'" + device + "'" + meant);
    errors.check(
        r.getIntraOpThreads() >= 0,
        "runtime.intra_op_threads",
        "must be >= 0 (0: the measured default)",
        r.getIntraOpThreads());
    errors.check(
        r.getInterOpThreads() >= -1,
        "runtime.inter_op_threads",
        "must be >= -1 (0: the measured default, -1: run inline on the caller's thread)",
        r.getInterOpThreads());
    errors.check(
        r.getMallocArenaMax() >= -1,
        "runtime.malloc_arena_max",
        "must be >= -1 (0: the measured default of 2, -1: glibc's own default)",
        r.getMallocArenaMax());
    errors.check(
        r.getPrefetchBatches() > 0,
        "runtime.prefetch_batches",
        "must be > 0",
        r.getPrefetchBatches());
    List<String> workers = r.getCluster().getWorkerList();
    for (int i = 0; i < workers.size(); i++) {
      errors.check(
          WORKER.matcher(workers.get(i)).matches(),
          "runtime.cluster.worker[" + i + "]",
          "must be host:port",
          "'" + workers.get(i) + "'");
    }
    int task = r.getCluster().getTask();
    errors.check(
        task >= 0 && (workers.isEmpty() ? task == 0 : task < workers.size()),
        "runtime.cluster.task",
        "must index a worker, 0.." + Math.max(0, workers.size() - 1),
        task);
  }

  private static void positive(double x, String field, ErrorCollector errors) {
    errors.check(x > 0 && !Double.isInfinite(x), field, "must be a finite number > 0", x);
  }

  private static void nonNegative(double x, String field, ErrorCollector errors) {
    errors.check(x >= 0 && !Double.isInfinite(x), field, "must be a finite number >= 0", x);
  }

  private static void unit(double x, String field, ErrorCollector errors) {
    errors.check(x >= 0 && x < 1, field, "must be in [0, 1)", x);
  }
}
