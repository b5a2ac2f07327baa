package dev.auxloss.vision;

import com.google.inject.AbstractModule;
import dev.auxloss.api.guice.AuxDatasets;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxMetrics;
import dev.auxloss.api.guice.AuxModels;
import dev.auxloss.api.guice.AuxlossPlugin;
import dev.auxloss.vision.data.FashionMnistDatasetFactory;
import dev.auxloss.vision.data.ImageFolderDatasetFactory;
import dev.auxloss.vision.data.SegmentationFolderDatasetFactory;
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
import dev.auxloss.vision.metrics.VisionMetrics;
import dev.auxloss.vision.models.CnnDsModel;
import dev.auxloss.vision.models.DeepPlainModel;
import dev.auxloss.vision.models.ResNetModel;
import dev.auxloss.vision.models.SegNetModel;
import dev.auxloss.vision.models.UNetModel;

/**
 * Contributes the vision catalog: eleven losses under {@code vision.*}, the reference models {@code
 * cnn-ds}, {@code deep-plain}, {@code seg-net}, {@code resnet} and {@code unet}, and the datasets
 * {@code fashion-mnist}, {@code fashion-mnist-seg}, {@code synthetic-images}, {@code
 * synthetic-seg}, {@code image-folder} and {@code segmentation-folder}, and the metrics {@code
 * vision.accuracy}, {@code vision.top_k_accuracy}, {@code vision.mean_iou} and {@code vision.dice}.
 * It only binds: no I/O happens until a factory's {@code create} is called.
 *
 * <p>Found as an {@link AuxlossPlugin} ({@code
 * META-INF/services/dev.auxloss.api.guice.AuxlossPlugin}) or installed explicitly; every instance
 * equals every other, so installing it twice is harmless.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new TfBackendModule(), new VisionLossesModule());
 * }</pre>
 */
public final class VisionLossesModule extends AbstractModule implements AuxlossPlugin {
  @Override
  protected void configure() {
    AuxLosses.contribute(binder(), CrossEntropyLoss.FACTORY);
    AuxLosses.contribute(binder(), AuxClassifierLoss.FACTORY);
    AuxLosses.contribute(binder(), DsnCompanionLoss.FACTORY);
    AuxLosses.contribute(binder(), SegAuxHeadLoss.FACTORY);
    AuxLosses.contribute(binder(), HedLoss.FACTORY);
    AuxLosses.contribute(binder(), MultiScaleDeepSupervisionLoss.FACTORY);
    AuxLosses.contribute(binder(), RotationLoss.FACTORY);
    AuxLosses.contribute(binder(), ReconstructionLoss.FACTORY);
    AuxLosses.contribute(binder(), NtXentLoss.FACTORY);
    AuxLosses.contribute(binder(), LabelSmoothingLoss.FACTORY);
    AuxLosses.contribute(binder(), ConfidencePenaltyLoss.FACTORY);

    AuxModels.contribute(binder(), CnnDsModel.FACTORY);
    AuxModels.contribute(binder(), DeepPlainModel.FACTORY);
    AuxModels.contribute(binder(), SegNetModel.FACTORY);
    AuxModels.contribute(binder(), ResNetModel.FACTORY);
    AuxModels.contribute(binder(), UNetModel.FACTORY);

    AuxDatasets.contribute(binder(), FashionMnistDatasetFactory.classification());
    AuxDatasets.contribute(binder(), FashionMnistDatasetFactory.segmentation());
    AuxDatasets.contribute(binder(), SyntheticDatasetFactory.classification());
    AuxDatasets.contribute(binder(), SyntheticDatasetFactory.segmentation());
    AuxDatasets.contribute(binder(), new ImageFolderDatasetFactory());
    AuxDatasets.contribute(binder(), new SegmentationFolderDatasetFactory());

    AuxMetrics.contribute(binder(), VisionMetrics.ACCURACY);
    AuxMetrics.contribute(binder(), VisionMetrics.TOP_K);
    AuxMetrics.contribute(binder(), VisionMetrics.MEAN_IOU);
    AuxMetrics.contribute(binder(), VisionMetrics.DICE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VisionLossesModule;
  }

  @Override
  public int hashCode() {
    return VisionLossesModule.class.hashCode();
  }
}
