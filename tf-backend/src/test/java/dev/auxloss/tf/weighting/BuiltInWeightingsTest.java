package dev.auxloss.tf.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.tf.TfBackendModule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInWeightingsTest {
  static Map<String, WeightingFactory> factories() {
    return Guice.createInjector(new TfBackendModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, WeightingFactory>>() {}));
  }

  @Test
  void everyStrategyIsBoundByKeyAndBuildsWithItsDefaults() {
    Map<String, WeightingFactory> all = factories();
    assertThat(all)
        .containsKeys(
            "static",
            "uncertainty",
            "gradnorm",
            "dwa",
            "pcgrad",
            "cagrad",
            "mgda",
            "gradvac",
            "imtl-g",
            "nash-mtl",
            "cosine-gating",
            "primary-projection");
    all.forEach(
        (key, factory) -> {
          assertThat(factory.summary()).as(key).isNotBlank();
          assertThat(factory.paper()).as(key).isNotBlank();
          assertThat(factory.create(Params.empty())).as(key).isNotNull();
        });
  }

  @Test
  void paramSpecsCarryThePaperDefaults() {
    Map<String, WeightingFactory> all = factories();
    assertThat(all.get("gradnorm").params())
        .contains(ParamSpec.number("alpha", 1.5, "restoring force toward equal training rates"));
    assertThat(all.get("cagrad").params())
        .extracting(ParamSpec::name, ParamSpec::defaultValue)
        .contains(org.assertj.core.groups.Tuple.tuple("c", "0.4"));
    assertThat(all.get("dwa").params())
        .extracting(ParamSpec::name, ParamSpec::defaultValue)
        .contains(org.assertj.core.groups.Tuple.tuple("temperature", "2.0"));
    assertThat(all.get("gradvac").params())
        .extracting(ParamSpec::name, ParamSpec::defaultValue)
        .contains(org.assertj.core.groups.Tuple.tuple("beta", "0.01"));
    assertThat(all.get("gradnorm").params())
        .extracting(ParamSpec::name, ParamSpec::defaultValue)
        .contains(org.assertj.core.groups.Tuple.tuple("learning_rate", "0.025"));
  }

  @Test
  void reportsEveryBadParameterAtOnce() {
    Params p = Params.of("c", -1, "iterations", 0, "solver", "newton", "colour", "red");
    assertThatThrownBy(() -> CaGradWeighting.factory().create(p))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(4))
        .hasMessageContaining("c: must be a finite number >= 0, found -1.0")
        .hasMessageContaining("iterations: must be >= 1, found 0")
        .hasMessageContaining(
            "solver: must be one of [exact, frank_wolfe, projected_gradient], found 'newton'")
        .hasMessageContaining(
            "colour: unknown parameter 'colour'; did you mean 'solver'? known parameters: [c, iterations, rescale,"
                + " solver]");
  }

  @Test
  void aWrongTypeIsReportedOnce() {
    assertThatThrownBy(
            () -> UncertaintyWeighting.factory().create(Params.of("auxiliary_only", "yes")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(1))
        .hasMessageContaining("auxiliary_only: must be a flag, found a text 'yes'");
  }
}
