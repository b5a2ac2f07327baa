package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.TfBackendModule;
import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * {@code on_non_finite: SKIP_BATCH} skips the whole step: run A on batches b1, b2, NaN, b3, b4 ends
 * with every variable of the graph (weights, optimizer slots, strategy state, global step) equal to
 * run B on b1, b2, b3, b4, and A's steps on b3 and b4 report what B's did. A strategy or optimizer
 * that changed any state on the bad batch (DWA's loss history, GradNorm's weights, Adam's moments,
 * a conflict counter, the global step behind every schedule) makes them differ.
 */
class SkippedBatchTest {
  private static final int BATCH = 16;
  private static final int BAD = 2; // index of the NaN batch in run A

  @TempDir Path dir;

  static Stream<String> strategies() {
    return factories().keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategies")
  void aSkippedBatchChangesNoStateAndTrainingGoesOnAsIfItWasNeverDrawn(String strategy) {
    OptimizerPlan adam = OptimizerPlan.adam(1e-2);
    Run a = train(plan(strategy, adam, 5, withBadBatch()), dir.resolve("a"));
    Run b = train(plan(strategy, adam, 4, good()), dir.resolve("b"));

    assertThat(a.outcome.skippedBatches()).as("only the NaN batch is skipped").isEqualTo(1);
    assertThat(a.steps.get(BAD).get("nonfinite/skipped")).isEqualTo(1.0);
    assertThat(a.state).containsKey("global_step").containsKey("model/h1/kernel/adam_m");
    assertSame(a.state, b.state);
    // the steps on b3 and b4 (A's 4th and 5th, B's 3rd and 4th) report the same values
    assertSame(a.steps.get(3).scalars(), b.steps.get(2).scalars());
    assertSame(a.steps.get(4).scalars(), b.steps.get(3).scalars());
  }

  /**
   * DWA averaging its losses, as the issue reports it: a NaN stored there used to skip every later
   * step.
   */
  @Test
  void dwaWithAMovingAverageRecovers() {
    Params ema = Params.of("ema_decay", 0.5);
    Run a = train(plan("dwa", ema, OptimizerPlan.adam(1e-2), 5, withBadBatch()), dir.resolve("a"));
    Run b = train(plan("dwa", ema, OptimizerPlan.adam(1e-2), 4, good()), dir.resolve("b"));
    assertThat(a.outcome.skippedBatches()).isEqualTo(1);
    assertThat(a.state).containsKeys("weighting/dwa/primary/last_loss", "weighting/dwa/steps");
    assertThat(a.state.get("weighting/dwa/primary/last_loss")[0]).isFinite().isPositive();
    assertSame(a.state, b.state);
    assertSame(a.steps.get(4).scalars(), b.steps.get(3).scalars());
  }

  static Stream<OptimizerPlan> optimizers() {
    // a learning rate schedule on the global step: it must not advance on the skipped batch either
    var decaying = Schedules.linear(1, 0.5, 0, 10);
    return Stream.of(
        new OptimizerPlan(OptimizerPlan.SGD, 0.05, decaying, 0.9, false, 0.9, 0.999, 1e-7, 0, 0),
        new OptimizerPlan(
            OptimizerPlan.MOMENTUM, 0.05, decaying, 0.9, false, 0.9, 0.999, 1e-7, 0, 1.0),
        new OptimizerPlan(
            OptimizerPlan.MOMENTUM, 0.05, decaying, 0.9, true, 0.9, 0.999, 1e-7, 0, 0),
        new OptimizerPlan(
            OptimizerPlan.ADAMW, 0.01, decaying, 0.9, false, 0.8, 0.99, 1e-7, 0.1, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void everyOptimizerLeavesItsSlotsAsTheyWere(OptimizerPlan optimizer) {
    Run a = train(plan("static", optimizer, 5, withBadBatch()), dir.resolve("a"));
    Run b = train(plan("static", optimizer, 4, good()), dir.resolve("b"));
    assertThat(a.outcome.skippedBatches()).isEqualTo(1);
    assertSame(a.state, b.state);
    assertSame(a.steps.get(4).scalars(), b.steps.get(3).scalars());
  }

  /**
   * Checkpoints are named by batches drawn (3 after b1, b2, NaN) while the global step inside
   * counts updates (2): a resume continues the data at b3, not at the NaN batch again.
   */
  @Test
  void resumeAfterASkippedBatchContinuesWithTheNextBatch() {
    Path runDir = dir.resolve("a");
    train(plan("dwa", OptimizerPlan.adam(1e-2), 3, withBadBatch()), runDir);
    Run resumed = train(plan("dwa", OptimizerPlan.adam(1e-2), 5, withBadBatch()), runDir, true);
    Run b = train(plan("dwa", OptimizerPlan.adam(1e-2), 4, good()), dir.resolve("b"));
    assertThat(resumed.steps).extracting(StepMetrics::step).containsExactly(4L, 5L);
    assertThat(resumed.outcome.skippedBatches()).isZero();
    assertSame(resumed.state, b.state);
  }

  /** STOP: the run ends on the NaN batch with every variable as the last good step left it. */
  @Test
  void stopKeepsTheLastGoodStateAndCheckpoint() {
    TrainingPlan stop = plan("dwa", OptimizerPlan.adam(1e-2), 5, withBadBatch());
    stop =
        stop.toBuilder()
            .training(
                TrainingSettings.builder()
                    .steps(5)
                    .checkpointEvery(1)
                    .summaryEvery(10)
                    .keepCheckpoints(3)
                    .build())
            .build();
    Map<String, float[]> stopped;
    try (TfTrainingSession run = TfTrainingSession.open(stop, dir.resolve("a"))) {
      assertThatThrownBy(() -> run.train(false))
          .isInstanceOf(NonFiniteLossException.class)
          .hasMessageContaining("at step 3");
      stopped = snapshot(run);
    }
    Run b = train(plan("dwa", OptimizerPlan.adam(1e-2), 2, good()), dir.resolve("b"));
    assertSame(stopped, b.state);
    assertThat(new CheckpointManager(dir.resolve("a"), 3).latest())
        .hasValueSatisfying(
            p -> assertThat(p.getParent().getFileName().toString()).isEqualTo("step-2"));
  }

  // ---------------------------------------------------------------------------------------------

  private record Run(
      TrainingOutcome outcome, List<StepMetrics> steps, Map<String, float[]> state) {}

  private static Run train(TrainingPlan plan, Path runDir) {
    return train(plan, runDir, false);
  }

  private static Run train(TrainingPlan plan, Path runDir, boolean resume) {
    List<StepMetrics> steps = new ArrayList<>();
    try (TfTrainingSession run = TfTrainingSession.open(plan, runDir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              steps.add(m);
            }
          });
      TrainingOutcome outcome = run.train(resume);
      return new Run(outcome, steps, snapshot(run));
    }
  }

  private static TrainingPlan plan(
      String strategy, OptimizerPlan optimizer, long steps, List<Batch> data) {
    Params p = strategy.equals("dwa") ? Params.of("ema_decay", 0.5) : Params.empty();
    return plan(strategy, p, optimizer, steps, data);
  }

  private static TrainingPlan plan(
      String strategy, Params params, OptimizerPlan optimizer, long steps, List<Batch> data) {
    // a checkpoint only at the end, no evaluation, skip non-finite batches
    TrainingSettings training =
        TrainingSettings.builder()
            .steps(steps)
            .checkpointEvery(steps)
            .summaryEvery(10)
            .keepCheckpoints(3)
            .skipNonFinite(true)
            .build();
    return TrainingPlan.builder()
        .name("tiny")
        .seed(3)
        .model("tiny", TinyTask.MODEL)
        .dataset("scripted", new Scripted(data))
        .batchSize(BATCH)
        .terms(TinyTask.primaryAndTwoHeads())
        .weighting(strategy, factories().get(strategy).create(params))
        .optimizer(optimizer)
        .training(training)
        .build();
  }

  private static Map<String, WeightingFactory> factories() {
    return com.google.inject.Guice.createInjector(new TfBackendModule())
        .getInstance(
            com.google.inject.Key.get(
                new com.google.inject.TypeLiteral<Map<String, WeightingFactory>>() {}));
  }

  private static List<Batch> good() {
    List<Batch> out = new ArrayList<>();
    Random r = new Random(11);
    for (int i = 0; i < 4; i++) out.add(TinyTask.Data.batch(r, BATCH));
    return out;
  }

  /** b1, b2, then a batch with one NaN feature (every term of it is NaN), then b3, b4. */
  private static List<Batch> withBadBatch() {
    List<Batch> out = new ArrayList<>(good());
    Batch b = TinyTask.Data.batch(new Random(99), BATCH);
    float[] x = ((HostTensor.Floats) b.get("x")).values().clone();
    x[0] = Float.NaN;
    Map<String, HostTensor> fields = new LinkedHashMap<>(b.fields());
    fields.put("x", new HostTensor.Floats(b.get("x").shape(), x));
    out.add(BAD, new Batch(fields));
    return out;
  }

  /** Every variable of the training graph by its shared name, read without running a step. */
  private static Map<String, float[]> snapshot(TfTrainingSession run) {
    List<String> names = new ArrayList<>();
    Session.Runner r = run.session().runner();
    Iterator<GraphOperation> ops = run.trainingGraph().graph().operations();
    while (ops.hasNext()) {
      GraphOperation op = ops.next();
      if (!op.type().equals("VarHandleOp")) continue;
      GraphOperation read =
          op.consumers().stream()
              .filter(c -> c.type().equals("ReadVariableOp"))
              .findFirst()
              .orElseThrow();
      names.add(op.attributes().getAttrString("shared_name"));
      r.fetch(read.output(0));
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    try (Result res = r.run()) {
      for (int i = 0; i < names.size(); i++) {
        if (res.get(i) instanceof TInt64 step) {
          out.put(names.get(i), new float[] {step.getLong()});
          continue;
        }
        TFloat32 t = (TFloat32) res.get(i);
        float[] v = new float[(int) t.shape().size()];
        t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(v, false, false));
        out.put(names.get(i), v);
      }
    }
    return out;
  }

  private static void assertSame(Map<String, ?> actual, Map<String, ?> expected) {
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach(
        (k, e) -> {
          float[] x = values(actual.get(k));
          float[] y = values(e);
          assertThat(x.length).as(k).isEqualTo(y.length);
          for (int i = 0; i < x.length; i++) {
            assertThat(Float.isFinite(x[i])).as("%s[%d] = %s is finite", k, i, x[i]).isTrue();
            assertThat((double) x[i])
                .as("%s[%d]", k, i)
                .isCloseTo(
                    y[i],
                    org.assertj.core.api.Assertions.within(1e-6 * Math.max(1, Math.abs(y[i]))));
          }
        });
  }

  private static float[] values(Object v) {
    if (v instanceof float[] f) return f;
    return new float[] {((Double) v).floatValue()};
  }

  /**
   * A training stream of fixed batches, in order (then endless repeats of nothing: runs stop
   * first).
   */
  private record Scripted(List<Batch> train) implements Dataset {
    @Override
    public List<TensorSpec> specs() {
      return new TinyTask.Data().specs();
    }

    @Override
    public int size(Split split) {
      return split == Split.TRAIN ? train.size() * BATCH : 0;
    }

    @Override
    public Iterator<Batch> batches(Split split, int batchSize, long seed) {
      return split == Split.TRAIN ? train.iterator() : List.<Batch>of().iterator();
    }
  }
}
