package dev.auxloss.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxModels;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Descriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuxInjectorTest {
  /** Binds a key TestPlugins binds too. */
  public static final class Clash extends AbstractModule {
    @Override
    protected void configure() {
      AuxLosses.contribute(binder(), TestPlugins.loss("test.cross_entropy", Role.PRIMARY, 1));
    }
  }

  /** No public no-argument constructor. */
  public static final class NeedsArgs extends AbstractModule {
    public NeedsArgs(String unused) {}
  }

  @Test
  void pluginModulesComeFromTheConfigAndTheirLossesResolve() {
    LoadedExperiment loaded =
        ExperimentLoader.parse(
            ExperimentResolverTest.BASE + "plugin_module: \"dev.auxloss.config.TestPlugins\"\n",
            "x.pbtxt");
    Injector injector = AuxInjector.forExperiment(loaded, List.of());
    Registry registry = Registry.from(injector);
    assertThat(registry.losses()).containsOnlyKeys("test.aux_classifier", "test.cross_entropy");
    assertThat(ExperimentResolver.resolve(loaded, registry).plan().terms()).hasSize(2);
  }

  @Test
  void emptyInjectorHasEmptyMaps() {
    Registry r = Registry.from(AuxInjector.create(List.of(), List.of()));
    assertThat(r.losses()).isEmpty();
    assertThat(r.strategies()).isEmpty();
  }

  static final String JAR_HINT =
      "put the plugin's jar on the classpath (./auxloss: AUXLOSS_CLASSPATH=path/to/plugin.jar)";

  @Test
  void badPluginNamesAreLocatedInTheConfig() {
    String text =
        """
        plugin_module: "/tmp/evil.jar"
        plugin_module: "https://example.com/x.jar"
        plugin_module: "com.example.NoSuchModule"
        plugin_module: "java.lang.String"
        plugin_module: "dev.auxloss.config.AuxInjectorTest$NeedsArgs"
        plugin_module: "not a class"
        """;
    LoadedExperiment loaded = ExperimentLoader.parse(text, "x.pbtxt");
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> AuxInjector.forExperiment(loaded, List.of()));
    assertThat(e.errors())
        .extracting(ConfigError::toString)
        .containsExactly(
            "x.pbtxt:1:1: plugin_module[0]: must be a Guice module class name on the classpath (like "
                + "com.example.MyLossesModule), found a path or URL '/tmp/evil.jar'; "
                + JAR_HINT,
            "x.pbtxt:2:1: plugin_module[1]: must be a Guice module class name on the classpath (like "
                + "com.example.MyLossesModule), found a path or URL 'https://example.com/x.jar'; "
                + JAR_HINT,
            "x.pbtxt:3:1: plugin_module[2]: class 'com.example.NoSuchModule' is not on the classpath; "
                + JAR_HINT,
            "x.pbtxt:4:1: plugin_module[3]: class 'java.lang.String' is not a com.google.inject.Module",
            "x.pbtxt:5:1: plugin_module[4]: module 'dev.auxloss.config.AuxInjectorTest$NeedsArgs' needs a "
                + "public no-argument constructor",
            "x.pbtxt:6:1: plugin_module[5]: must be a Java class name like com.example.MyLossesModule, found 'not a class'");
  }

  /** A key that breaks the key rule: Guice's own error. */
  public static final class BadKey extends AbstractModule {
    @Override
    protected void configure() {
      AuxModels.contribute(
          binder(), ModelFactory.of(Descriptor.builder("No Spaces").build(), p -> ctx -> {}));
    }
  }

  /** A configure() that fails, as one reading a missing file would. */
  public static final class Throws extends AbstractModule {
    @Override
    protected void configure() {
      throw new IllegalStateException("licence file missing");
    }
  }

  @Test
  void guiceErrorsBecomeConfigErrorsOnOneLine() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> AuxInjector.create(List.of(new TestPlugins()), List.of(new BadKey())));
    assertThat(e.errors())
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.field()).isEqualTo("modules");
              assertThat(err.message())
                  .contains("ModelFactory key must match", "'No Spaces'")
                  .doesNotContain("\n");
            });
  }

  @Test
  void aKeyTwoModulesContributeNamesBothModules() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> AuxInjector.create(List.of(new TestPlugins()), List.of(new Clash())));
    assertThat(e.errors())
        .extracting(ConfigError::toString)
        .containsExactly(
            "plugin_module[0]: loss key 'test.cross_entropy' is contributed by two modules: "
                + "dev.auxloss.config.TestPlugins and dev.auxloss.config.AuxInjectorTest$Clash; keys are unique, "
                + "rename one");
  }

  /** Binds one key twice, with two different losses. */
  public static final class Twice extends AbstractModule {
    @Override
    protected void configure() {
      AuxLosses.contribute(binder(), TestPlugins.loss("test.twice", Role.AUXILIARY, 1));
      AuxLosses.contribute(binder(), TestPlugins.loss("test.twice", Role.AUXILIARY, 2));
    }
  }

  @Test
  void aKeyOneModuleContributesTwiceNamesIt() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> AuxInjector.create(List.of(new TestPlugins()), List.of(new Twice())));
    assertThat(e.errors())
        .extracting(ConfigError::toString)
        .containsExactly(
            "plugin_module[0]: loss key 'test.twice' is contributed twice by module "
                + "dev.auxloss.config.AuxInjectorTest$Twice; keys are unique, rename one");
  }

  @Test
  void aConfigureThatThrowsNamesItsModuleAndCause() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> AuxInjector.create(List.of(new TestPlugins()), List.of(new Throws())));
    assertThat(e.errors())
        .extracting(ConfigError::toString)
        .containsExactly(
            "plugin_module[0]: module dev.auxloss.config.AuxInjectorTest$Throws failed in configure(): "
                + "licence file missing");
  }

  @Test
  void theSameInstanceReachedTwiceIsNoClash() {
    LossFactory shared = TestPlugins.loss("test.shared", Role.AUXILIARY, 1);
    Module a = binder -> AuxLosses.contribute(binder, shared);
    Module b = binder -> binder.install(binder2 -> AuxLosses.contribute(binder2, shared));
    assertThat(Registry.from(AuxInjector.create(List.of(a), List.of(b))).losses())
        .containsKey("test.shared");
  }

  @Test
  void aModuleClassIsInstalledOnce() {
    Injector injector = AuxInjector.create(List.of(new TestPlugins()), List.of(new TestPlugins()));
    assertThat(Registry.from(injector).models()).containsOnlyKeys("test-net");
  }
}
