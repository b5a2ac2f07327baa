package dev.auxloss.api.guice;

import com.google.inject.Module;

/**
 * A Guice module auxloss installs on its own when its jar is on the classpath: the service type of
 * {@code META-INF/services/dev.auxloss.api.guice.AuxlossPlugin}, found by {@link
 * java.util.ServiceLoader} as DJL finds its {@code EngineProvider}s. A dedicated type, not {@code
 * META-INF/services/com.google.inject.Module}: a jar that lists its modules there for another
 * framework is never installed into auxloss's injector.
 *
 * <p>A plugin only marks its module; errors name it by its class ("module
 * com.example.MyLossesModule failed in configure(): ..."). A module named in a config's {@code
 * plugin_module} needs no marker (named there, it is wanted); it is installed once even when it is
 * also discovered.
 *
 * <pre>{@code
 * public final class MyLossesModule extends AbstractModule implements AuxlossPlugin {
 *   protected void configure() { AuxLosses.contribute(binder(), new MyLoss()); }
 * }
 * // src/main/resources/META-INF/services/dev.auxloss.api.guice.AuxlossPlugin holds the line:
 * // com.example.MyLossesModule
 * }</pre>
 */
public interface AuxlossPlugin extends Module {}
