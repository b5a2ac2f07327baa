package dev.auxloss.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.inject.AbstractModule;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxlossPlugin;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery installs the classpath's {@link AuxlossPlugin} entries and nothing else: a jar that
 * lists a Guice module under {@code META-INF/services/com.google.inject.Module} for some other
 * framework is left alone. The classpath is simulated by a class loader over a directory holding
 * the service files.
 */
class PluginDiscoveryTest {
  @TempDir Path jar;

  /** What an auxloss plugin jar lists. */
  public static final class Discovered extends AbstractModule implements AuxlossPlugin {
    @Override
    protected void configure() {
      AuxLosses.contribute(binder(), TestPlugins.loss("test.discovered", Role.AUXILIARY, 1));
    }
  }

  /** Another framework's module: installing it clashes with Discovered and fails. */
  public static final class Unrelated extends AbstractModule {
    @Override
    protected void configure() {
      AuxLosses.contribute(binder(), TestPlugins.loss("test.discovered", Role.PRIMARY, 2));
      throw new IllegalStateException("an unrelated framework's module was installed");
    }
  }

  private static final String GUICE_SERVICES = "META-INF/services/com.google.inject.Module";
  private static final String PLUGIN_SERVICES =
      "META-INF/services/dev.auxloss.api.guice.AuxlossPlugin";

  @Test
  void onlyAuxlossPluginEntriesAreInstalled() throws IOException {
    Registry registry =
        onClasspath(
            Map.of(
                GUICE_SERVICES,
                Unrelated.class.getName(),
                PLUGIN_SERVICES,
                Discovered.class.getName()),
            () -> Registry.from(AuxInjector.create(List.of(), List.of())));
    assertThat(registry.losses()).containsOnlyKeys("test.discovered");
  }

  @Test
  void aPlainModuleNamedInTheConfigIsStillInstalledBesideDiscoveredOnes() throws IOException {
    // TestPlugins is a plain AbstractModule: named in the config, it is wanted without the marker
    LoadedExperiment loaded =
        ExperimentLoader.parse(
            "plugin_module: \"" + TestPlugins.class.getName() + "\"\n", "x.pbtxt");
    Registry registry =
        onClasspath(
            Map.of(PLUGIN_SERVICES, Discovered.class.getName()),
            () -> Registry.from(AuxInjector.forExperiment(loaded, List.of())));
    assertThat(registry.losses())
        .containsOnlyKeys("test.discovered", "test.cross_entropy", "test.aux_classifier");
  }

  @Test
  void aPluginEntryThatIsNoAuxlossPluginIsNamed() throws IOException {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                onClasspath(
                    Map.of(PLUGIN_SERVICES, Unrelated.class.getName()),
                    () -> AuxInjector.create(List.of(), List.of())));
    // the middle is the JDK's ServiceConfigurationError text
    assertThat(e.errors())
        .extracting(ConfigError::toString)
        .singleElement()
        .asString()
        .startsWith("modules: a plugin listed in " + PLUGIN_SERVICES + " could not be loaded: ")
        .contains(Unrelated.class.getName() + " not a subtype")
        .endsWith(
            " (a plugin is a public class implementing AuxlossPlugin with a public no-argument constructor)");
  }

  /**
   * Runs {@code body} with the thread's class loader seeing {@code files} as one more classpath
   * entry.
   */
  private <T> T onClasspath(Map<String, String> files, Supplier<T> body) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = jar.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, "# simulated jar\n" + f.getValue() + "\n");
    }
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      thread.setContextClassLoader(loader);
      return body.get();
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
