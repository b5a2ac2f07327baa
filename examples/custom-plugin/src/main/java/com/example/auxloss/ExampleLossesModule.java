package com.example.auxloss;

import com.google.inject.AbstractModule;
import dev.auxloss.api.guice.AuxLosses;

/**
 * Contributes {@code example.logit_squeeze}. Name it in a config with {@code plugin_module:
 * "com.example.auxloss.ExampleLossesModule"}; the jar must be on the classpath (the launcher adds
 * {@code AUXLOSS_CLASSPATH}). A Guice module only binds: no I/O, no logic.
 */
public final class ExampleLossesModule extends AbstractModule {
  @Override
  protected void configure() {
    AuxLosses.contribute(binder(), new LogitSqueezeLoss());
  }
}
