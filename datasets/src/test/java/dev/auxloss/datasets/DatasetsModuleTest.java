package dev.auxloss.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.guice.AuxlossPlugin;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DatasetsModuleTest {
  @Test
  void isDiscoveredAsAPluginAndContributesTfrecord() {
    assertThat(ServiceLoader.load(AuxlossPlugin.class).stream().map(ServiceLoader.Provider::type))
        .contains(DatasetsModule.class);
    Map<String, DatasetFactory> datasets =
        Guice.createInjector(new DatasetsModule(), new DatasetsModule())
            .getInstance(Key.get(new TypeLiteral<Map<String, DatasetFactory>>() {}));
    assertThat(datasets).containsOnlyKeys("tfrecord");
    assertThat(datasets.get("tfrecord").descriptor().summary())
        .contains("key [as field]: type[shape]");
  }
}
