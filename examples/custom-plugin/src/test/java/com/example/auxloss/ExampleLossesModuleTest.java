package com.example.auxloss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.config.AuxInjector;
import dev.auxloss.config.Registry;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plugin as the CLI sees it, without TensorFlow's natives: the module contributes the loss under
 * its key (the registry is built the way the CLI builds it), and a misspelled param is a config error.
 * Training with it is checked by {@code check.sh}.
 */
class ExampleLossesModuleTest {
  @Test
  void contributesTheLossUnderItsKey() {
    Registry registry = Registry.from(AuxInjector.create(List.of(), List.of(new ExampleLossesModule())));
    LossDescriptor d = registry.losses().get("example.logit_squeeze").descriptor();
    assertThat(d.defaultRole()).isEqualTo(Role.REGULARIZER);
    assertThat(d.defaultWeight()).isEqualTo(1e-3);
  }

  @Test
  void aMisspelledParamIsAConfigError() {
    assertThatThrownBy(() -> Params.parse(new LogitSqueezeLoss().descriptor().params(), "endpont", "logits"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown parameter 'endpont'; did you mean 'endpoint'?");
  }
}
