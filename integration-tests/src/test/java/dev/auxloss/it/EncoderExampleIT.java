package dev.auxloss.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * {@code examples/nlp-encoder-mlm.pbtxt} as shipped: the BERT-like encoder learns the classes from
 * 10 % of the labels while its masked-LM term falls, and its export, loaded in a fresh JVM with
 * plain TF Java, serves the logits the evaluation's inference pass computes (within 1e-5) and holds
 * no train-only variable (no auxiliary head, no optimizer slot, no MLM head).
 */
class EncoderExampleIT {
  @TempDir Path dir;

  @Test
  void theExampleTrainsAndItsExportServesTheEvaluatedLogits() throws Exception {
    LoadedExperiment loaded = ExperimentLoader.load(Path.of("../examples/nlp-encoder-mlm.pbtxt"));
    TrainingPlan plan =
        ExperimentResolver.resolve(
                loaded,
                Registry.from(AuxInjector.forExperiment(loaded, List.of(new TfBackendModule()))))
            .plan();
    assertThat(plan.modelName()).isEqualTo("transformer-encoder");
    Batch batch = plan.dataset().batches(Split.TEST, 8, 1).next();
    Path export = dir.resolve("export");
    List<Double> mlm = new ArrayList<>();
    float[] expected;
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir.resolve("run"))) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              mlm.add(m.get("term/nlp.mlm/raw"));
            }
          });
      run.train(false);
      assertThat(run.evaluate(Split.TEST).get("accuracy"))
          .isGreaterThan(0.4); // 4 classes: chance is 0.25
      run.export(export);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> logits =
          (Operand<TFloat32>) run.trainingGraph().evalOutputs().get("logits");
      expected = run.fetch(logits, batch);
    }
    int n = mlm.size();
    assertThat((long) n).isEqualTo(plan.training().steps());
    assertThat(mean(mlm.subList(n - 20, n))).isLessThan(mean(mlm.subList(0, 20)) - 0.2);

    HostTensor.Ints tokens = (HostTensor.Ints) batch.get("tokens");
    Path inputs =
        Files.writeString(
            dir.resolve("inputs.txt"),
            Arrays.stream(tokens.shape().asArray())
                    .mapToObj(Long::toString)
                    .collect(Collectors.joining(" "))
                + "\n"
                + IntStream.of(tokens.values())
                    .mapToObj(Integer::toString)
                    .collect(Collectors.joining(" "))
                + "\n");
    List<String> out = ExportInFreshJvmIT.runServing(dir, export, "tokens", "logits", inputs);
    String vars = out.stream().filter(l -> l.startsWith("variables ")).findFirst().orElseThrow();
    assertThat(vars)
        .contains("model/block1/attn/q/kernel", "model/pooler/kernel", "model/classifier/kernel")
        .doesNotContain("heads/")
        .doesNotContain("model/mlm/")
        .doesNotContain("adam");
    String[] served =
        out.stream().filter(l -> l.startsWith("predictions ")).findFirst().orElseThrow().split(" ");
    assertThat(served.length - 1).isEqualTo(expected.length).isEqualTo(8 * 4);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Float.parseFloat(served[i + 1])).isCloseTo(expected[i], within(1e-5f));
    }
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
