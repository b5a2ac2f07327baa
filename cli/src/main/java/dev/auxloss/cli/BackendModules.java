package dev.auxloss.cli;

import com.google.inject.Module;
import dev.auxloss.tf.TfBackendModule;
import java.util.List;

/**
 * The modules every command starts from: the TensorFlow backend (weighting strategies and the empty
 * registries). Domain modules ({@code losses-vision}, {@code losses-nlp}) and third-party jars are
 * found through {@code META-INF/services/dev.auxloss.api.guice.AuxlossPlugin}; plugin modules come
 * from the config's {@code plugin_module} or from {@code --plugin}.
 */
final class BackendModules {
  private BackendModules() {}

  static List<Module> base() {
    return List.of(new TfBackendModule());
  }
}
