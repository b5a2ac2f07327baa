package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.Split;
import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

class TfTrainingSessionTest {
  @TempDir Path dir;

  @Test
  void primaryWithTwoAuxiliaryHeadsTrainsInOneRunPerStep() {
    List<StepMetrics> steps = new ArrayList<>();
    try (TfTrainingSession run =
        TfTrainingSession.open(TinyTask.plan(TinyTask.primaryAndTwoHeads(), 300), dir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              steps.add(m);
            }
          });
      TrainingOutcome out = run.train(false);
      assertThat(out.finalStep()).isEqualTo(300);
      assertThat(run.globalStep()).isEqualTo(300);
      Map<String, Double> test = run.evaluate(Split.TEST);
      assertThat(test.get("accuracy")).isGreaterThan(0.8);
    }
    double first = avg(steps.subList(0, 10), "term/primary/raw");
    double last = avg(steps.subList(290, 300), "term/primary/raw");
    assertThat(last).isLessThan(first * 0.4);
    StepMetrics m = steps.get(299);
    assertThat(m.scalars())
        .containsKeys(
            "term/aux1/raw",
            "term/aux1/weight",
            "term/aux1/weighted",
            "term/aux2/raw",
            "loss/total",
            "lr");
    assertThat(m.get("term/aux1/weight"))
        .isEqualTo(0.3, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(m.get("term/aux1/weighted"))
        .isCloseTo(0.3 * m.get("term/aux1/raw"), org.assertj.core.api.Assertions.within(1e-5));
    assertThat(m.get("loss/total"))
        .isCloseTo(
            m.get("term/primary/raw") + m.get("term/aux1/weighted") + m.get("term/aux2/weighted"),
            org.assertj.core.api.Assertions.within(1e-4));
  }

  @Test
  void exportServesPrimaryOutputOnlyAndMatchesInference() throws Exception {
    Path export = dir.resolve("export");
    float[] trained;
    var batch = TinyTask.Data.batch(new Random(5), 4);
    try (TfTrainingSession run =
        TfTrainingSession.open(TinyTask.plan(TinyTask.primaryAndTwoHeads(), 50), dir)) {
      run.train(false);
      run.export(export);
      trained = run.fetch(evalLogits(run), batch);
      // the inference pass's endpoints are reachable too (a benchmark reads MoE loads from them)
      var eval = run.trainingGraph().evalEndpoints();
      assertThat(eval).containsKeys("h1", "h2", "logits");
      @SuppressWarnings("unchecked")
      float[] h2 = run.fetch((org.tensorflow.Operand<TFloat32>) eval.get("h2"), batch);
      assertThat(h2).hasSize(4 * 16);
      assertThat(eval.get("logits")).isSameAs(run.trainingGraph().evalOutputs().get("logits"));
    }
    assertThat(Files.exists(export.resolve("saved_model.pb"))).isTrue();
    try (SavedModelBundle b = SavedModelBundle.load(export.toString(), "serve")) {
      assertThat(b.signatures())
          .extracting(s -> s.methodName())
          .contains("tensorflow/serving/predict");
      var ops = new ArrayList<String>();
      var vars = new ArrayList<String>();
      b.graph()
          .operations()
          .forEachRemaining(
              o -> {
                ops.add(o.name());
                if (o.type().equals("VarHandleOp"))
                  vars.add(o.attributes().getAttrString("shared_name"));
              });
      assertThat(vars)
          .contains("model/h1/kernel", "model/out/bias")
          .noneMatch(
              n -> n.startsWith("heads/") || n.contains("adam_") || n.startsWith("weighting/"));
      assertThat(ops)
          .noneMatch(
              n -> n.startsWith("losses/") || n.startsWith("optimizer/") || n.contains("heads."));
      try (Tensor x = dev.auxloss.tf.train.BatchFeeder.toTensor(batch.get("x"));
          Result r = b.call(Map.of("x", x))) {
        TFloat32 logits = (TFloat32) r.get("logits").orElseThrow();
        for (int i = 0; i < 12; i++) {
          assertThat(logits.getFloat(i / 3, i % 3))
              .isCloseTo(trained[i], org.assertj.core.api.Assertions.within(1e-4f));
        }
      }
    }
  }

  @Test
  void resumeContinuesFromTheCheckpoint() {
    var plan = TinyTask.plan(TinyTask.primaryAndTwoHeads(), 40);
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      run.train(false);
    }
    List<Long> seen = new ArrayList<>();
    var longer = plan.toBuilder().training(dev.auxloss.config.TrainingSettings.of(60)).build();
    try (TfTrainingSession run = TfTrainingSession.open(longer, dir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              seen.add(m.step());
            }
          });
      run.train(true);
      assertThat(run.globalStep()).isEqualTo(60);
    }
    assertThat(seen).first().isEqualTo(41L);
    assertThat(seen).hasSize(20);
  }

  @SuppressWarnings("unchecked")
  private static org.tensorflow.Operand<TFloat32> evalLogits(TfTrainingSession run) {
    return (org.tensorflow.Operand<TFloat32>) run.trainingGraph().evalOutputs().get("logits");
  }

  private static double avg(List<StepMetrics> s, String key) {
    return s.stream().mapToDouble(m -> m.get(key)).average().orElseThrow();
  }
}
