package dev.auxloss.nlp.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.params.Params;
import dev.auxloss.nlp.data.SyntheticTextDatasetFactory;
import dev.auxloss.nlp.data.TextDataset;
import dev.auxloss.nlp.loss.ElectraRtdLoss;
import dev.auxloss.nlp.loss.MaskedLmLoss;
import dev.auxloss.nlp.loss.MultiTokenPredictionLoss;
import dev.auxloss.nlp.loss.NextTokenLoss;
import dev.auxloss.nlp.loss.ReiLmLoss;
import dev.auxloss.nlp.loss.RouterZLoss;
import dev.auxloss.nlp.loss.SentenceOrderLoss;
import dev.auxloss.nlp.loss.SequenceCrossEntropyLoss;
import dev.auxloss.nlp.loss.SimCseLoss;
import dev.auxloss.nlp.loss.SoftmaxZLoss;
import dev.auxloss.nlp.loss.SwitchLoadBalanceLoss;
import dev.auxloss.nlp.loss.TaggingCrossEntropyLoss;
import dev.auxloss.testing.MiniTrainer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference models train with the NLP losses: every term has a gradient path and losses fall.
 */
class TextModelsLearnTest {
  private static final TextDataset CLASSES =
      SyntheticTextDatasetFactory.create(Params.of("examples", 800, "seq_len", 24, "classes", 4));
  private static final TextDataset PUNCT =
      SyntheticTextDatasetFactory.create(
          Params.of("examples", 400, "seq_len", 24, "task", "punct"));

  private static Params modelParams(TextDataset d, Object... extra) {
    Map<String, dev.auxloss.api.params.ParamValue> m = new LinkedHashMap<>(d.modelParams());
    Params small = Params.of(extra);
    m.putAll(small.values());
    return new Params(m);
  }

  private static double mean(List<Float> xs) {
    return xs.stream().mapToDouble(Float::doubleValue).average().orElseThrow();
  }

  @Test
  void textLmLearnsTheClassesWithTheNextTokenAuxiliary() {
    var model =
        TextLmModel.FACTORY.create(modelParams(CLASSES, "dim", 32, "heads", 2, "ff_dim", 64));
    Map<String, AuxLoss> losses = new LinkedHashMap<>();
    losses.put("nlp.cross_entropy", SequenceCrossEntropyLoss.FACTORY.create(Params.empty()));
    losses.put("nlp.next_token", NextTokenLoss.FACTORY.create(Params.empty()));
    try (MiniTrainer t =
        MiniTrainer.builder()
            .model(model)
            .dataset(CLASSES)
            .terms(losses)
            .weights(Map.of("nlp.next_token", 0.5))
            .adam(3e-3)
            .seed(1)
            .build()) {
      List<Float> ce = new ArrayList<>();
      List<Float> lm = new ArrayList<>();
      Iterator<Batch> it = CLASSES.batches(Split.TRAIN, 32, 1);
      for (int i = 0; i < 120; i++) {
        Map<String, Float> v = t.step(it.next());
        ce.add(v.get("nlp.cross_entropy"));
        lm.add(v.get("nlp.next_token"));
      }
      assertThat(mean(ce.subList(110, 120))).isLessThan(0.5 * mean(ce.subList(0, 10)));
      assertThat(mean(lm.subList(110, 120))).isLessThan(mean(lm.subList(0, 10)) - 0.2);
      assertThat(t.accuracy(CLASSES, Split.TEST, Integer.MAX_VALUE, "logits", "label"))
          .isGreaterThan(0.7);
      assertThat(t.trainedVariables())
          .contains(
              "model/embedding/table",
              "model/classifier/kernel",
              "model/block1/attn/q/kernel",
              "model/lm_head/bias");
    }
  }

  @Test
  void moeModelTrainsRouterAndExpertsWithBalanceAndZLosses() {
    var model =
        TextLmModel.FACTORY.create(
            modelParams(
                CLASSES,
                "dim",
                32,
                "heads",
                2,
                "ff_dim",
                64,
                "moe_layers",
                List.of(1.0),
                "experts",
                4,
                "router_top_k",
                2));
    Map<String, AuxLoss> losses = new LinkedHashMap<>();
    losses.put("nlp.cross_entropy", SequenceCrossEntropyLoss.FACTORY.create(Params.empty()));
    losses.put("nlp.switch_load_balance", SwitchLoadBalanceLoss.FACTORY.create(Params.empty()));
    losses.put("nlp.router_z_loss", RouterZLoss.FACTORY.create(Params.empty()));
    Map<String, Double> weights =
        Map.of("nlp.switch_load_balance", 1e-2, "nlp.router_z_loss", 1e-3);
    try (MiniTrainer t =
        MiniTrainer.builder()
            .model(model)
            .dataset(CLASSES)
            .terms(losses)
            .weights(weights)
            .adam(3e-3)
            .seed(2)
            .build()) {
      assertThat(t.trainedVariables())
          .contains(
              "model/block1/moe/router/kernel",
              "model/block1/moe/experts/w1",
              "model/block1/moe/experts/w2");
      Iterator<Batch> it = CLASSES.batches(Split.TRAIN, 32, 2);
      List<Float> ce = new ArrayList<>();
      float balance = 0;
      for (int i = 0; i < 60; i++) {
        Map<String, Float> v = t.step(it.next());
        ce.add(v.get("nlp.cross_entropy"));
        balance = v.get("nlp.switch_load_balance");
        assertThat(v.get("nlp.router_z_loss")).isFinite();
      }
      assertThat(mean(ce.subList(50, 60))).isLessThan(mean(ce.subList(0, 10)));
      assertThat(balance).isBetween(0.9f, 2f); // N·Σf·P: about 1 when balanced, 4 when collapsed
    }
  }

  @Test
  void taggerLearnsPunctuationWithTheReiObjective() {
    var model =
        TextTaggerModel.FACTORY.create(modelParams(PUNCT, "dim", 24, "heads", 2, "ff_dim", 48));
    Map<String, AuxLoss> losses = new LinkedHashMap<>();
    losses.put("nlp.tagging_cross_entropy", TaggingCrossEntropyLoss.FACTORY.create(Params.empty()));
    losses.put("nlp.rei_lm", ReiLmLoss.FACTORY.create(Params.empty()));
    try (MiniTrainer t =
        MiniTrainer.builder()
            .model(model)
            .dataset(PUNCT)
            .terms(losses)
            .weights(Map.of("nlp.rei_lm", 0.1))
            .adam(3e-3)
            .seed(3)
            .build()) {
      assertThat(t.trainedVariables())
          .contains(
              "model/fwd/block0/attn/q/kernel",
              "model/bwd/block1/ff2/kernel",
              "heads/nlp.rei_lm/fwd/out/kernel",
              "heads/nlp.rei_lm/bwd/hidden/kernel");
      Iterator<Batch> it = PUNCT.batches(Split.TRAIN, 32, 3);
      List<Float> tag = new ArrayList<>();
      List<Float> rei = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        Map<String, Float> v = t.step(it.next());
        tag.add(v.get("nlp.tagging_cross_entropy"));
        rei.add(v.get("nlp.rei_lm"));
      }
      assertThat(mean(tag.subList(70, 80))).isLessThan(0.5 * mean(tag.subList(0, 10)));
      assertThat(mean(rei.subList(70, 80))).isLessThan(mean(rei.subList(0, 10)));
    }
  }

  @Test
  void everyAuxiliaryWithASecondPassOrHeadTrainsBesideThePrimary() {
    var model =
        TextLmModel.FACTORY.create(
            modelParams(
                CLASSES, "dim", 16, "heads", 2, "ff_dim", 32, "attention", "bidirectional"));
    Map<String, AuxLoss> losses = new LinkedHashMap<>();
    losses.put("nlp.cross_entropy", SequenceCrossEntropyLoss.FACTORY.create(Params.empty()));
    losses.put("nlp.mlm", MaskedLmLoss.FACTORY.create(Params.empty()));
    losses.put("nlp.electra_rtd", ElectraRtdLoss.FACTORY.create(Params.empty()));
    losses.put("nlp.sentence_order", SentenceOrderLoss.FACTORY.create(Params.empty()));
    losses.put("nlp.simcse", SimCseLoss.FACTORY.create(Params.empty()));
    losses.put(
        "nlp.mtp", MultiTokenPredictionLoss.FACTORY.create(Params.of("depth", 2, "heads", 2)));
    losses.put("nlp.softmax_z_loss", SoftmaxZLoss.FACTORY.create(Params.empty()));
    try (MiniTrainer t =
        MiniTrainer.builder()
            .model(model)
            .dataset(CLASSES)
            .terms(losses)
            .adam(1e-3)
            .seed(4)
            .build()) {
      assertThat(t.trainedVariables())
          .contains(
              "heads/nlp.electra_rtd/generator/in/kernel",
              "heads/nlp.electra_rtd/discriminator/out/kernel",
              "heads/nlp.sentence_order/head/kernel",
              "heads/nlp.simcse/mlp/kernel",
              "heads/nlp.mtp/depth2/proj/kernel",
              "model/embedding/table");
      Iterator<Batch> it = CLASSES.batches(Split.TRAIN, 16, 4);
      for (int i = 0; i < 4; i++) {
        Map<String, Float> v = t.step(it.next());
        v.forEach((k, x) -> assertThat(x).as(k).isFinite().isGreaterThan(0f));
      }
    }
  }
}
