package dev.auxloss.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxlossPlugin;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.vision.losses.CrossEntropyLoss;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class VisionLossesModuleTest {
  private static <T> Map<String, T> map(Injector injector, Class<T> type) {
    return injector.getInstance(
        Key.get(
            (TypeLiteral<Map<String, T>>)
                TypeLiteral.get(com.google.inject.util.Types.mapOf(String.class, type))));
  }

  @Test
  void contributesEveryLossModelAndDataset() {
    Injector injector = Guice.createInjector(new VisionLossesModule());
    Map<String, LossFactory> losses = map(injector, LossFactory.class);
    assertThat(losses)
        .containsOnlyKeys(
            "vision.cross_entropy",
            "vision.aux_classifier",
            "vision.dsn_companion",
            "vision.seg_aux_head",
            "vision.hed",
            "vision.multiscale_ds",
            "vision.rotation",
            "vision.reconstruction",
            "vision.nt_xent",
            "vision.label_smoothing",
            "vision.confidence_penalty");
    losses.forEach((key, f) -> assertThat(f.descriptor().key()).isEqualTo(key));
    assertThat(map(injector, ModelFactory.class))
        .containsOnlyKeys("cnn-ds", "deep-plain", "seg-net", "resnet", "unet");
    assertThat(map(injector, DatasetFactory.class))
        .containsOnlyKeys(
            "fashion-mnist",
            "fashion-mnist-seg",
            "synthetic-images",
            "synthetic-seg",
            "image-folder",
            "segmentation-folder");
  }

  @Test
  void installingTheModuleTwiceIsHarmless() {
    Injector injector = Guice.createInjector(new VisionLossesModule(), new VisionLossesModule());
    assertThat(map(injector, LossFactory.class)).hasSize(11);
  }

  @Test
  void aDuplicateKeyFromAnotherModuleIsGuicesDuplicateKeyError() {
    Module mine =
        new AbstractModule() {
          @Override
          protected void configure() {
            // a different factory under a taken key (the very same instance would be deduplicated
            // by Guice)
            AuxLosses.contribute(
                binder(), LossFactory.of(CrossEntropyLoss.DESCRIPTOR, p -> new CrossEntropyLoss()));
          }
        };
    assertThatThrownBy(() -> Guice.createInjector(new VisionLossesModule(), mine))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining(
            "1) [Guice/DuplicateMapKey]: Duplicate key \"vision.cross_entropy\" found in"
                + " Map<String, LossFactory>.\n\nDuplicates:\n  Key: \"vision.cross_entropy\"\n  Bound at:\n"
                + "    1 : VisionLossesModule.configure(VisionLossesModule.java:")
        // both modules are named, not the AuxLosses helper (it calls skipSources)
        .hasMessageContaining(
            "    2 : VisionLossesModuleTest$1.configure(VisionLossesModuleTest.java:")
        .hasMessageNotContaining("AuxLosses.contribute");
  }

  @Test
  void discoveredThroughServiceLoader() {
    assertThat(ServiceLoader.load(AuxlossPlugin.class).stream().map(ServiceLoader.Provider::type))
        .contains(VisionLossesModule.class);
  }
}
