package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.Batch;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.graph.TelemetryKeys;
import dev.auxloss.tf.graph.TrainingGraph;
import dev.auxloss.tf.profile.TfProfiler;
import dev.auxloss.tf.testing.TinyTask;
import dev.auxloss.tf.weighting.PcGradWeighting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;

/**
 * The strategy's own telemetry (PCGrad's projection counts, conflict rates, cosines) is fetched on
 * summary steps only: an ordinary step is still one run, but the ops that feed nothing except those
 * scalars do not execute, and a summary step reports what every-step fetching would have.
 */
class SummaryStepTelemetryTest {
  private static final int BATCH = 32;
  @TempDir Path dir;

  private static TrainingPlan plan() {
    return TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10).toBuilder()
        .weighting(PcGradWeighting.KEY, new PcGradWeighting())
        .build();
  }

  @Test
  void anOrdinaryStepRunsNoOpThatOnlyFeedsSummaries() {
    try (TfTrainingSession run = TfTrainingSession.open(plan(), dir.resolve("run"))) {
      TrainingGraph tg = run.trainingGraph();
      Random r = new Random(5);
      step(run, TinyTask.Data.batch(r, BATCH), true); // initializes the variables
      StepRunner runner = new StepRunner(run.session(), tg, null, 1);
      Set<String> ordinary = executed(runner, TinyTask.Data.batch(r, BATCH), false);
      Set<String> summary = executed(runner, TinyTask.Data.batch(r, BATCH), true);

      String projected = TelemetryKeys.term("aux1", "projected");
      String conflictRate = TelemetryKeys.term("aux1", TelemetryKeys.CONFLICT_RATE);
      assertThat(tg.everyStep())
          .contains(TelemetryKeys.raw("aux1"), TelemetryKeys.TOTAL_LOSS, TelemetryKeys.SKIPPED)
          .doesNotContain(projected, conflictRate);
      for (String key : List.of(projected, conflictRate)) {
        String op = tg.telemetry().get(key).op().name();
        assertThat(summary).as(key).contains(op);
        assertThat(ordinary).as(key).doesNotContain(op);
      }
      // (grappler optimizes each fetch list on its own, so the sets differ in folded constants)
      assertThat(ordinary.size()).isLessThan(summary.size());
    }
  }

  @Test
  void aSummaryStepReportsTheValuesEveryStepFetchingWould() {
    List<Batch> batches = new ArrayList<>();
    Random r = new Random(9);
    for (int i = 0; i < 4; i++) batches.add(TinyTask.Data.batch(r, BATCH));
    List<Map<String, Double>> always = new ArrayList<>();
    List<Map<String, Double>> sometimes = new ArrayList<>();
    try (TfTrainingSession a = TfTrainingSession.open(plan(), dir.resolve("a"));
        TfTrainingSession b = TfTrainingSession.open(plan(), dir.resolve("b"))) {
      for (int i = 0; i < batches.size(); i++) {
        always.add(step(a, batches.get(i), true).scalars());
        sometimes.add(step(b, batches.get(i), i == batches.size() - 1).scalars());
      }
      TrainingGraph tg = b.trainingGraph();
      assertThat(sometimes.get(0).keySet()).containsExactlyInAnyOrderElementsOf(tg.everyStep());
      assertThat(always.get(0).keySet())
          .containsExactlyInAnyOrderElementsOf(tg.telemetry().keySet());
      assertThat(tg.telemetry().keySet()).hasSizeGreaterThan(tg.everyStep().size());
      for (int i = 0; i < batches.size(); i++) {
        for (Map.Entry<String, Double> e : sometimes.get(i).entrySet())
          assertThat(e.getValue()).as(e.getKey()).isEqualTo(always.get(i).get(e.getKey()));
      }
      // the last step was a summary step: conflict counters ran on every step in both sessions
      assertThat(sometimes.get(3)).isEqualTo(always.get(3));
    }
  }

  /** The names of the graph's nodes a traced step executed (not TF's own _SOURCE, _retval...). */
  private static Set<String> executed(StepRunner runner, Batch b, boolean summary) {
    Map<String, Tensor> t = BatchFeeder.toTensors(b);
    try {
      Session.Runner r = runner.stepRunner(t, summary).setOptions(TfProfiler.fullTrace());
      try (Result res = SessionRuns.runAndFetchMetadata(r)) {
        Set<String> names = new HashSet<>();
        for (DeviceStepStats d : res.getMetadata().orElseThrow().getStepStats().getDevStatsList())
          for (NodeExecStats n : d.getNodeStatsList())
            if (!n.getNodeName().startsWith("_")) names.add(n.getNodeName());
        return names;
      }
    } finally {
      t.values().forEach(Tensor::close);
    }
  }

  private static StepMetrics step(TfTrainingSession run, Batch b, boolean summary) {
    Map<String, Tensor> t = BatchFeeder.toTensors(b);
    try {
      return run.step(t, summary);
    } finally {
      t.values().forEach(Tensor::close);
    }
  }
}
