package dev.auxloss.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.util.Types;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.ParamValue;
import dev.auxloss.api.params.Params;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every loss, model and dataset this module contributes, taken from the injector as the framework
 * takes them: a misspelt parameter is rejected before the factory runs, naming the parameter meant,
 * and every factory reads only parameters its descriptor declares (else {@link Params#get} fails).
 */
class EveryPluginDeclaresItsParamsTest {
  /** A folder of images for {@code image-folder}'s and {@code segmentation-folder}'s path. */
  @TempDir static Path images;

  /** Values for the parameters that have no default. */
  private static final Map<String, Object> REQUIRED =
      new java.util.HashMap<>(
          Map.of(
              "endpoint", "block2/features",
              "endpoints", "block1/features,block2/features"));

  @BeforeAll
  static void imageFolder() throws java.io.IOException {
    for (String c : List.of("cat", "dog")) {
      for (int i = 0; i < 2; i++) {
        dev.auxloss.vision.data.ImageFolderDatasetTest.image(
            images.resolve((i == 0 ? "train/" : "val/") + c + "/" + i + ".png"),
            4,
            4,
            java.awt.Color.GRAY,
            "png");
      }
    }
    // the same root also holds segmentation-folder's layout (image-folder sees two more classes)
    for (String split : List.of("train", "val")) {
      dev.auxloss.vision.data.ImageFolderDatasetTest.image(
          images.resolve(split + "/images/x.png"), 2, 2, java.awt.Color.BLACK, "png");
      dev.auxloss.vision.data.SegmentationFolderDatasetTest.greyMask(
          images.resolve(split + "/masks/x.png"), 2, 2, 0, 1, 1, 0);
    }
    REQUIRED.put("path", images.toString());
    REQUIRED.put("classes", 2);
  }

  private record Plugin(String key, List<Param<?>> params, Function<Params, ?> create) {}

  private static List<Plugin> registered() {
    Injector injector = Guice.createInjector(new VisionLossesModule());
    List<Plugin> all = new ArrayList<>();
    map(injector, LossFactory.class)
        .forEach((k, f) -> all.add(new Plugin(k, f.descriptor().params(), f::create)));
    map(injector, ModelFactory.class)
        .forEach((k, f) -> all.add(new Plugin(k, f.descriptor().params(), f::create)));
    map(injector, DatasetFactory.class)
        .forEach((k, f) -> all.add(new Plugin(k, f.descriptor().params(), f::create)));
    assertThat(all).hasSize(11 + 5 + 6);
    return all;
  }

  @SuppressWarnings("unchecked")
  private static <T> Map<String, T> map(Injector injector, Class<T> type) {
    return injector.getInstance(
        (Key<Map<String, T>>) Key.get(TypeLiteral.get(Types.mapOf(String.class, type))));
  }

  /** The required parameters with example values, as a config must at least write them. */
  private static Map<String, ParamValue> required(Plugin plugin) {
    Map<String, ParamValue> written = new LinkedHashMap<>();
    plugin.params().stream()
        .filter(Param::isRequired)
        .forEach(p -> written.putAll(Params.of(p.name(), REQUIRED.get(p.name())).values()));
    return written;
  }

  @Test
  void aMisspeltParameterOfEveryPluginIsRejectedNamingTheOneMeant() {
    for (Plugin plugin : registered()) {
      TreeSet<String> names = new TreeSet<>();
      plugin.params().forEach(p -> names.add(p.name()));
      assertThat(names).as(plugin.key()).isNotEmpty();
      for (Param<?> p : plugin.params()) {
        String typo = p.name().substring(0, p.name().length() - 1);
        assertThat(names).as("%s: %s", plugin.key(), typo).doesNotContain(typo);
        Map<String, ParamValue> written = required(plugin);
        Object value = p.isRequired() ? REQUIRED.get(p.name()) : p.defaultValue();
        written.remove(p.name());
        written.putAll(Params.of(typo, value).values());
        assertThatThrownBy(() -> Params.parse(plugin.params(), written))
            .as("%s: %s", plugin.key(), typo)
            .isInstanceOfSatisfying(
                ConfigException.class,
                e ->
                    assertThat(e.errors())
                        .extracting(ConfigError::toString)
                        .containsExactly(
                            typo
                                + ": unknown parameter '"
                                + typo
                                + "'; did you mean '"
                                + p.name()
                                + "'? known parameters: "
                                + names));
      }
    }
  }

  @Test
  void everyFactoryReadsOnlyWhatItDeclares() {
    for (Plugin plugin : registered()) {
      assertThat(plugin.create().apply(Params.parse(plugin.params(), required(plugin))))
          .as(plugin.key())
          .isNotNull();
    }
  }
}
