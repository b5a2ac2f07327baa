package dev.auxloss.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.config.AuxInjector;
import dev.auxloss.config.ExperimentLoader;
import dev.auxloss.config.ExperimentResolver;
import dev.auxloss.config.LoadedExperiment;
import dev.auxloss.config.Registry;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.TfBackendModule;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * examples/unet-deep-supervision.pbtxt, shortened to 20 steps: nnU-Net's deep supervision, the
 * primary term, attaches by default to the unet's logits and lower decoder levels (a head on the
 * 1/2 level only) and shows in the telemetry as the only term, which falls; the export, loaded in a
 * separate JVM with plain TF Java, serves what evaluation's inference-mode forward pass computes
 * (batch norm on its moving statistics) within 1e-5, and holds none of the deep-supervision heads.
 */
class UNetDeepSupervisionIT {
  private static final String DS = "term/vision.multiscale_ds/raw";
  @TempDir Path dir;

  @Test
  void deepSupervisionTrainsAndTheExportServesEvaluationsForwardPass() throws Exception {
    String config =
        Files.readString(Path.of("../examples/unet-deep-supervision.pbtxt"))
            .replace("steps: 150", "steps: 20")
            .replace("eval_every: 50", "eval_every: 20")
            .replace("checkpoint_every: 50", "checkpoint_every: 20");
    LoadedExperiment loaded = ExperimentLoader.parse(config, "unet-deep-supervision.pbtxt");
    TrainingPlan plan =
        ExperimentResolver.resolve(
                loaded,
                Registry.from(AuxInjector.forExperiment(loaded, List.of(new TfBackendModule()))))
            .plan();

    Random r = new Random(3);
    float[] pixels = new float[4 * 28 * 28];
    for (int i = 0; i < pixels.length; i++) pixels[i] = r.nextFloat();
    HostTensor.Floats images = new HostTensor.Floats(Shape.of(4, 28, 28, 1), pixels);
    List<StepMetrics> steps = new ArrayList<>();
    float[] expected;
    Path export = dir.resolve("export");
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir.resolve("run"))) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              steps.add(m);
            }
          });
      run.train(false);
      run.export(export);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> logits =
          (Operand<TFloat32>) run.trainingGraph().evalOutputs().get("logits");
      expected = run.fetch(logits, new Batch(Map.of("image", images)));
      assertThat(run.trainingGraph().variableNames())
          .contains("heads/vision.multiscale_ds/ds/scale1/kernel")
          .noneMatch(n -> n.contains("ds/scale0")) // the logits are scored as they are
          .noneMatch(n -> n.contains("ds/scale2")); // nnU-Net's weight 0 at the lowest level
    }

    assertThat(steps).hasSize(20);
    for (StepMetrics m : steps) {
      assertThat(m.scalars()).containsKey(DS).doesNotContainKey("term/vision.cross_entropy/raw");
      assertThat(m.scalars().values()).allMatch(Double::isFinite);
    }
    assertThat(steps.get(19).get(DS)).isLessThan(steps.get(0).get(DS));

    List<String> out =
        ExportInFreshJvmIT.runServing(
            dir, export, "image", "logits", ExportInFreshJvmIT.inputsFile(dir, images));
    assertThat(line(out, "variables"))
        .contains("model/decoder/level0/up/kernel", "model/stage1/norm1/moving_mean")
        .doesNotContain("heads/")
        .doesNotContain("adam_");
    String[] served = line(out, "predictions").split(" ");
    assertThat(served).hasSize(expected.length).hasSize(4 * 28 * 28 * 11);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Float.parseFloat(served[i]))
          .as("logit %d", i)
          .isCloseTo(expected[i], within(1e-5f));
    }
  }

  /** What follows {@code prefix} on the line of ServeMain's output that starts with it. */
  private static String line(List<String> out, String prefix) {
    return out.stream()
        .filter(l -> l.startsWith(prefix + " "))
        .findFirst()
        .orElseThrow()
        .substring(prefix.length() + 1);
  }
}
