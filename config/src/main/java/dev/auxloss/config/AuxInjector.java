package dev.auxloss.config;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.spi.Message;
import dev.auxloss.api.guice.AuxDatasets;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxModels;
import dev.auxloss.api.guice.AuxWeightings;
import dev.auxloss.api.guice.AuxlossPlugin;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Builds the injector a run resolves against: the modules the caller passes (the backend's {@code
 * TfBackendModule}), every {@link AuxlossPlugin} on the classpath (listed in {@code
 * META-INF/services/dev.auxloss.api.guice.AuxlossPlugin}: the domain modules {@code losses-vision}
 * and {@code losses-nlp}; other jars' {@code com.google.inject.Module} entries are not ours to
 * install), and the {@code plugin_module} classes the config names. A module class reached twice is
 * installed once. A {@code configure()} that throws and a key two modules contribute are errors
 * naming the modules ({@link ModuleElements}); any other {@link CreationException} becomes {@link
 * ConfigException} errors, one per Guice message.
 *
 * <pre>{@code
 * Injector injector = AuxInjector.forExperiment(loaded, List.of(new TfBackendModule()));
 * Registry registry = Registry.from(injector);
 * }</pre>
 */
public final class AuxInjector {
  private AuxInjector() {}

  /**
   * Base + discovered + the config's plugin modules; plugin errors are located in the config file.
   */
  public static Injector forExperiment(LoadedExperiment loaded, List<Module> base) {
    try {
      return create(base, PluginModules.load(loaded.experiment().getPluginModuleList(), loader()));
    } catch (ConfigException e) {
      throw new ConfigException(
          e.errors().stream().map(err -> err.at(loaded.sources().locate(err.field()))).toList());
    }
  }

  /** Base + discovered + {@code plugins}. */
  public static Injector create(List<Module> base, List<Module> plugins) {
    Map<Class<?>, Module> modules = new LinkedHashMap<>();
    List<ConfigError> errors = new ArrayList<>();
    base.forEach(m -> modules.putIfAbsent(m.getClass(), m));
    try {
      for (ServiceLoader.Provider<AuxlossPlugin> p :
          ServiceLoader.load(AuxlossPlugin.class, loader()).stream().toList()) {
        if (!modules.containsKey(p.type())) modules.put(p.type(), p.get());
      }
    } catch (ServiceConfigurationError e) {
      errors.add(
          ConfigError.of(
              "modules",
              "a plugin listed in META-INF/services/"
                  + AuxlossPlugin.class.getName()
                  + " could not be loaded: "
                  + oneLine(e.getMessage())
                  + " (a plugin is a public class implementing AuxlossPlugin with a public no-argument constructor)"));
    }
    plugins.forEach(m -> modules.putIfAbsent(m.getClass(), m));
    if (!errors.isEmpty()) throw new ConfigException(errors);
    List<Module> all = new ArrayList<>(modules.values());
    all.add(new Declarations());
    // Errors Guice would report without naming the module: a configure() that threw, a key bound
    // twice.
    ModuleElements recorded = new ModuleElements(all);
    java.util.function.Function<Module, String> field =
        m -> {
          int i = plugins.indexOf(m);
          return i >= 0 ? "plugin_module[" + i + "]" : "modules";
        };
    errors.addAll(recorded.failedConfigures(field));
    if (errors.isEmpty()) errors.addAll(recorded.duplicateKeys(field));
    if (!errors.isEmpty()) throw new ConfigException(errors);
    try {
      return Guice.createInjector(recorded.asModule());
    } catch (CreationException e) {
      throw new ConfigException(
          e.getErrorMessages().stream().map(m -> ConfigError.of("modules", render(m))).toList());
    }
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : AuxInjector.class.getClassLoader();
  }

  private static String render(Message m) {
    String source =
        m.getSource() == null || m.getSource().isEmpty() ? "" : " (at " + m.getSource() + ")";
    return oneLine(m.getMessage()) + source;
  }

  /** Guice messages span lines; the CLI prints one line per error. */
  static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\n\\s*", " ").replaceAll("\\s{2,}", " ");
  }

  /** Declares the four maps so a registry with no contributions is empty rather than missing. */
  private static final class Declarations extends AbstractModule {
    @Override
    protected void configure() {
      AuxLosses.declare(binder());
      AuxModels.declare(binder());
      AuxDatasets.declare(binder());
      AuxWeightings.declare(binder());
    }
  }
}
