package dev.auxloss.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.layers.Initializer;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.tf.testing.TinyTask;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class MiniTrainerTest {
  private static final TinyTask.Data DATA = new TinyTask.Data();

  // One variable w = 3, published as "w"; the term is w², so its gradient is 2w = 6.
  private static final ModelFn ONE_WEIGHT =
      ctx -> ctx.publish("w", ctx.layers().variable("w", Shape.of(1), Initializer.constant(3f)));
  private static final AuxLoss SQUARE =
      ctx -> ctx.tf().reduceSum(ctx.tf().math.square(ctx.endpoint("w")), ctx.tf().constant(0));

  private static Batch batch() {
    return TinyTask.Data.batch(new Random(5), 16);
  }

  private static float weightAfterOneStep(UnaryOperator<MiniTrainer.Builder> optimizer) {
    try (MiniTrainer t =
        optimizer
            .apply(MiniTrainer.builder().model(ONE_WEIGHT).dataset(DATA).term("sq", SQUARE))
            .build()) {
      t.step(batch());
      return t.endpoint("w", batch())[0];
    }
  }

  @Test
  void sgdStepsByTheLearningRateTimesTheGradient() {
    assertThat(weightAfterOneStep(b -> b.sgd(0.1))).isCloseTo(3f - 0.1f * 6f, within(1e-6f));
  }

  @Test
  void adamsFirstStepIsTheLearningRateAgainstTheGradientsSign() {
    // bias-corrected m/√v = g/|g| on the first step (ε = 1e-7 aside)
    assertThat(weightAfterOneStep(b -> b.adam(0.1))).isCloseTo(3f - 0.1f, within(1e-5f));
  }

  @Test
  void sgdAndAdamBothLearnTheTinyTask() {
    for (UnaryOperator<MiniTrainer.Builder> optimizer :
        Stream.<UnaryOperator<MiniTrainer.Builder>>of(b -> b.sgd(0.1), b -> b.adam(1e-2))
            .toList()) {
      try (MiniTrainer t =
          optimizer
              .apply(
                  MiniTrainer.builder()
                      .model(TinyTask.MODEL)
                      .dataset(DATA)
                      .term("primary", TinyTask.crossEntropy("logits")))
              .build()) {
        float[] losses = t.train(DATA.batches(Split.TRAIN, 32, 1), 300);
        assertThat(losses[299]).isLessThan(losses[0] / 2);
        assertThat(t.accuracy(DATA, Split.TEST, 256, "logits", "label"))
            .as("chance 1/3")
            .isGreaterThan(0.85);
      }
    }
  }

  @Test
  void stepReturnsEachTermBeforeTheUpdateAndTrainTheirWeightedSum() {
    float primary;
    float aux;
    try (MiniTrainer frozen = twoTerms(0)) {
      Map<String, Float> v = frozen.step(batch());
      assertThat(v.keySet()).containsExactly("primary", "aux");
      primary = v.get("primary");
      aux = v.get("aux");
      assertThat(frozen.train(Stream.generate(MiniTrainerTest::batch).iterator(), 1)[0])
          .isCloseTo(primary + 0.5f * aux, within(1e-6f));
    }
    try (MiniTrainer moving = twoTerms(0.5)) {
      Map<String, Float> first = moving.step(batch());
      assertThat(first).containsEntry("primary", primary).containsEntry("aux", aux);
      assertThat(moving.step(batch()).get("primary")).isLessThan(primary);
    }
  }

  private static MiniTrainer twoTerms(double lr) {
    return MiniTrainer.builder()
        .model(TinyTask.MODEL)
        .dataset(DATA)
        .term("primary", TinyTask.crossEntropy("logits"))
        .term("aux", TinyTask.auxHead("h1"), 0.5)
        .sgd(lr)
        .seed(9)
        .build();
  }

  @Test
  void onlyTheVariablesTheTermsReachAreTrained() {
    try (MiniTrainer t =
        MiniTrainer.builder()
            .model(TinyTask.MODEL)
            .dataset(DATA)
            .term("aux", TinyTask.auxHead("h1"))
            .adam(1e-2)
            .build()) {
      assertThat(t.trainedVariables())
          .containsExactly(
              "model/h1/kernel", "model/h1/bias", "heads/aux/head/kernel", "heads/aux/head/bias");
    }
  }

  @Test
  void aWeightForNoTermFailsTheBuild() {
    var b =
        MiniTrainer.builder()
            .model(TinyTask.MODEL)
            .dataset(DATA)
            .terms(Map.of("primary", TinyTask.crossEntropy("logits")))
            .weights(Map.of("primray", 0.5))
            .sgd(0.1);
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight for unknown term 'primray'; terms: [primary]");
  }
}
