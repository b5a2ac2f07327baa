package dev.auxloss.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.config.AuxInjector;
import dev.auxloss.config.ExperimentLoader;
import dev.auxloss.config.ExperimentResolver;
import dev.auxloss.config.LoadedExperiment;
import dev.auxloss.config.Registry;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.proto.Experiment;
import dev.auxloss.tf.TfBackendModule;
import dev.auxloss.tf.graph.InitFromReport;
import dev.auxloss.tf.testing.VariableValues;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example pair, shortened: examples/pretrain-ssl.pbtxt trains cnn-ds a few steps with auxiliary
 * objectives only, then examples/finetune-few-labels.pbtxt starts from its run directory: before
 * step 1 every model variable equals the pretraining checkpoint's entry (read by TF's own
 * RestoreV2), and after fine-tuning the frozen block 1 still does while block 2 has moved.
 */
class PretrainThenFinetuneIT {
  static final Path EXAMPLES = Path.of("..", "examples");
  @TempDir Path dir;

  /** An example with few, small steps and the given training fields. */
  static TrainingPlan plan(String example, java.util.function.Consumer<Experiment.Builder> edit) {
    Experiment.Builder b =
        ExperimentLoader.load(EXAMPLES.resolve(example)).experiment().toBuilder();
    b.getDataBuilder().setBatchSize(8).addParam(number("validation_size", 16));
    b.getTrainingBuilder().setSteps(3).setCheckpointEvery(3).setEvalEvery(3);
    edit.accept(b);
    LoadedExperiment loaded = LoadedExperiment.inMemory(b.build());
    Registry registry =
        Registry.from(AuxInjector.forExperiment(loaded, List.of(new TfBackendModule())));
    return ExperimentResolver.resolve(loaded, registry).plan();
  }

  static dev.auxloss.config.proto.Param number(String name, double v) {
    return dev.auxloss.config.proto.Param.newBuilder().setName(name).setNumber(v).build();
  }

  @Test
  void finetuningStartsFromThePretrainedValues() {
    Path pre = dir.resolve("pretrain-ssl");
    try (TfTrainingSession run = TfTrainingSession.open(plan("pretrain-ssl.pbtxt", b -> {}), pre)) {
      run.train(false);
    }
    Path ckpt = pre.resolve("checkpoints/step-3/ckpt");

    TrainingPlan fine =
        plan(
            "finetune-few-labels.pbtxt",
            b -> {
              b.getTrainingBuilder().getInitFromBuilder().setCheckpoint(pre.toString());
              // 1 % of the labels leaves 3 batches of 8 unlabelled: nothing would move at all
              b.getDataBuilder().setLabelFraction(0.5);
            });
    Map<String, float[]> atStart = new HashMap<>();
    List<String> restored;
    try (TfTrainingSession run = TfTrainingSession.open(fine, dir.resolve("finetune"))) {
      InitFromReport report = run.trainingGraph().initFrom();
      assertThat(report.checkpoint()).isEqualTo(ckpt.toAbsolutePath());
      assertThat(report.unmatchedModel()).isEmpty();
      assertThat(report.unmatchedCheckpoint()).isNotEmpty().allMatch(n -> n.startsWith("heads/"));
      restored = report.matched().stream().map(InitFromReport.Match::modelName).toList();
      assertThat(restored).contains("model/block1/conv1/kernel", "model/block2/conv1/kernel");
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStart(long start, long total) {
              for (String v : restored) atStart.put(v, VariableValues.inSession(run.session(), v));
            }
          });
      run.train(false);
      for (String v : restored)
        assertThat(atStart.get(v)).as(v).containsExactly(VariableValues.inCheckpoint(ckpt, v));
      // freeze: "model/block1/.*" — bit-identical after 3 steps; block 2 trained
      assertThat(VariableValues.inSession(run.session(), "model/block1/conv1/kernel"))
          .containsExactly(VariableValues.inCheckpoint(ckpt, "model/block1/conv1/kernel"));
      assertThat(VariableValues.inSession(run.session(), "model/block2/conv1/kernel"))
          .isNotEqualTo(VariableValues.inCheckpoint(ckpt, "model/block2/conv1/kernel"));
    }
  }
}
