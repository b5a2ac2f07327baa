package com.example.auxloss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.testing.FromConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The plugin as the CLI sees it, with auxloss-testing: the module contributes the loss under its
 * descriptor's key, and a misspelled param is a config error before the factory runs. Training with
 * it is checked by {@code check.sh}.
 */
class ExampleLossesModuleTest {
  @Test
  void contributesTheLossUnderItsKey() {
    Map<String, LossFactory> losses =
        Guice.createInjector(new ExampleLossesModule())
            .getInstance(Key.get(new TypeLiteral<Map<String, LossFactory>>() {}));
    LossDescriptor d = losses.get("example.logit_squeeze").descriptor();
    assertThat(d.defaultRole()).isEqualTo(Role.REGULARIZER);
    assertThat(d.defaultWeight()).isEqualTo(1e-3);
  }

  @Test
  void aMisspelledParamIsAConfigError() {
    assertThatThrownBy(() -> FromConfig.loss(new LogitSqueezeLoss(), "endpont", "logits"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown parameter 'endpont'; did you mean 'endpoint'?");
  }
}
