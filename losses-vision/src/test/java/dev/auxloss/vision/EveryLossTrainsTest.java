package dev.auxloss.vision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.testing.FromConfig;
import dev.auxloss.testing.MiniTrainer;
import dev.auxloss.vision.data.SyntheticDatasetFactory;
import dev.auxloss.vision.losses.AuxClassifierLoss;
import dev.auxloss.vision.losses.ConfidencePenaltyLoss;
import dev.auxloss.vision.losses.CrossEntropyLoss;
import dev.auxloss.vision.losses.DsnCompanionLoss;
import dev.auxloss.vision.losses.HedLoss;
import dev.auxloss.vision.losses.LabelSmoothingLoss;
import dev.auxloss.vision.losses.MultiScaleDeepSupervisionLoss;
import dev.auxloss.vision.losses.NtXentLoss;
import dev.auxloss.vision.losses.ReconstructionLoss;
import dev.auxloss.vision.losses.RotationLoss;
import dev.auxloss.vision.losses.SegAuxHeadLoss;
import dev.auxloss.vision.models.CnnDsModel;
import dev.auxloss.vision.models.DeepPlainModel;
import dev.auxloss.vision.models.SegNetModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every loss, made from config parameters, builds as a named term on a reference model in a graph
 * whose batch size is unknown (as in training), gets gradients together with the primary term, and
 * trains for a few SGD steps with finite values.
 */
class EveryLossTrainsTest {
  private static final Dataset IMAGES =
      FromConfig.dataset(
          SyntheticDatasetFactory.classification(), "train_size", 64, "label_fraction", 0.5);
  private static final Dataset SEG =
      FromConfig.dataset(SyntheticDatasetFactory.segmentation(), "train_size", 64);

  private final Map<String, AuxLoss> terms = new LinkedHashMap<>();

  private EveryLossTrainsTest term(String name, LossFactory f, Object... params) {
    terms.put(name, FromConfig.loss(f, params));
    return this;
  }

  private void trains(Dataset data, ModelFn model) {
    try (MiniTrainer sgd =
        MiniTrainer.builder().model(model).dataset(data).terms(terms).sgd(0.01).build()) {
      for (float v : sgd.train(data.batches(Split.TRAIN, 8, 1), 2))
        assertThat(v).as("%s", terms.keySet()).isFinite();
    }
  }

  @Test
  void classificationLossesOnCnnDs() {
    term("ce", CrossEntropyLoss.FACTORY)
        .term("aux1", AuxClassifierLoss.FACTORY, "endpoint", "block1/features")
        .term("aux2", AuxClassifierLoss.FACTORY, "endpoint", "block2/features", "head", "small")
        .term(
            "dsn",
            DsnCompanionLoss.FACTORY,
            "endpoints",
            "block1/features,block2/features,features")
        .term(
            "dsn_ce",
            DsnCompanionLoss.FACTORY,
            "endpoints",
            "block2/features",
            "kind",
            "cross_entropy",
            "threshold",
            0.5)
        .term("rotation", RotationLoss.FACTORY)
        .term(
            "reconstruction",
            ReconstructionLoss.FACTORY,
            "endpoint",
            "block2/features",
            "hidden",
            8)
        .term("simclr", NtXentLoss.FACTORY)
        .term("supcon", NtXentLoss.FACTORY, "supervised", true, "projection_dim", 16)
        .term("smoothing", LabelSmoothingLoss.FACTORY)
        .term("confidence", ConfidencePenaltyLoss.FACTORY, "threshold", 1.0)
        .trains(IMAGES, new CnnDsModel());
  }

  @Test
  void companionsOnDeepPlain() {
    term("ce", CrossEntropyLoss.FACTORY)
        .term(
            "dsn",
            DsnCompanionLoss.FACTORY,
            "endpoints",
            "stage1/features,stage2/features",
            "layer_weights",
            List.of(0.5, 1.0))
        .trains(IMAGES, new DeepPlainModel(8, 8, 10, "glorot"));
  }

  @Test
  void segmentationLossesOnSegNet() {
    term("ce", CrossEntropyLoss.FACTORY, "label", "seg_label")
        .term("fcn", SegAuxHeadLoss.FACTORY, "endpoint", "stage2/features", "channels", 16)
        .term(
            "hed",
            HedLoss.FACTORY,
            "endpoints",
            "stage1/features,stage2/features,bottleneck/features")
        .term("hed_fg", HedLoss.FACTORY, "endpoints", "decoder/features", "target", "foreground")
        .term(
            "ds",
            MultiScaleDeepSupervisionLoss.FACTORY,
            "endpoints",
            "decoder/features,decoder/up1/features,bottleneck/features")
        .term("confidence", ConfidencePenaltyLoss.FACTORY)
        .trains(SEG, new SegNetModel(8, 11));
  }
}
