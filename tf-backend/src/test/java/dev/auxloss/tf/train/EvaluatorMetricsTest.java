package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.data.Split;
import dev.auxloss.api.metric.AuxMetric;
import dev.auxloss.api.metric.MetricContext;
import dev.auxloss.api.metric.MetricTotals;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.config.MetricPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The evaluator runs whatever metrics the plan names: it sums their statistics over the batches and
 * asks each for its value.
 */
class EvaluatorMetricsTest {
  @TempDir Path dir;

  /**
   * Counts examples with a scalar and a two-element statistic: exact sums over every batch of the
   * split.
   */
  private static final AuxMetric COUNTING =
      new AuxMetric() {
        @Override
        public String name() {
          return "counted";
        }

        @Override
        public Map<String, Operand<TFloat32>> update(MetricContext ctx) {
          Ops tf = ctx.tf();
          Operand<TFloat32> n =
              tf.dtypes.cast(
                  tf.shape.size(tf.shape(ctx.endpoint("logits")), tf.constant(0)), TFloat32.class);
          return Map.of("n", n, "pair", tf.stack(List.of(n, tf.math.mul(n, tf.constant(2f)))));
        }

        @Override
        public OptionalDouble result(MetricTotals t) {
          double[] pair = t.vector("pair");
          return OptionalDouble.of(t.scalar("n") * 1000 + pair[1]);
        }
      };

  /** Reads a field the tiny data does not have. */
  private static final AuxMetric MISFIT =
      new AuxMetric() {
        @Override
        public String name() {
          return "misfit";
        }

        @Override
        public Map<String, Operand<TFloat32>> update(MetricContext ctx) {
          return Map.of("x", ctx.field("tags", TFloat32.class));
        }

        @Override
        public OptionalDouble result(MetricTotals t) {
          return OptionalDouble.of(1);
        }
      };

  private TrainingPlan plan(List<MetricPlan> metrics) {
    return TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10).toBuilder().metrics(metrics).build();
  }

  @Test
  void statisticsAreSummedOverTheSplitAndFinishedOnTheHost() {
    try (TfTrainingSession run =
        TfTrainingSession.open(
            plan(
                List.of(
                    MetricPlan.of("tiny.accuracy", TinyTask.ACCURACY),
                    new MetricPlan("examples_seen", "test.counting", COUNTING, false))),
            dir)) {
      run.train(false);
      Map<String, Double> test = run.evaluate(Split.TEST);
      // 256 test examples in batches of 32: n sums to 256, pair[1] to 512
      assertThat(test.get("examples_seen")).isEqualTo(256 * 1000 + 512.0);
      assertThat(test.get("accuracy")).isBetween(0.0, 1.0);
      assertThat(test.keySet())
          .containsExactly("accuracy", "examples_seen", "loss/primary", "examples");
      assertThat(test.get("examples")).isCloseTo(256, within(0.0));
    }
  }

  @Test
  void aNamedMetricThatDoesNotFitIsAnErrorAtOpen() {
    assertThatThrownBy(
            () -> TfTrainingSession.open(plan(List.of(MetricPlan.of("test.misfit", MISFIT))), dir))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors().stream().map(ConfigError::toString))
                    .containsExactly(
                        "training.metric[0] (misfit): metric 'test.misfit' failed to build: no field named 'tags'; "
                            + "fields: [x, label]"));
  }

  @Test
  void aDefaultMetricThatDoesNotFitIsLeftOut() {
    try (TfTrainingSession run =
        TfTrainingSession.open(
            plan(
                List.of(
                    new MetricPlan("misfit", "test.misfit", MISFIT, true),
                    MetricPlan.of("tiny.accuracy", TinyTask.ACCURACY))),
            dir)) {
      run.train(false);
      assertThat(run.evaluate(Split.TEST)).containsKey("accuracy").doesNotContainKey("misfit");
    }
  }
}
