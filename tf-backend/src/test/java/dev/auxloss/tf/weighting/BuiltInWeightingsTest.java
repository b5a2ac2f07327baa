package dev.auxloss.tf.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.tf.TfBackendModule;
import java.util.Map;
import org.assertj.core.groups.Tuple;
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
            "primary-projection",
            "rlw",
            "famo",
            "metabalance",
            "db-mtl",
            "upgrad",
            "aligned-mtl");
    all.forEach(
        (key, factory) -> {
          assertThat(factory.descriptor().key()).isEqualTo(key);
          assertThat(factory.descriptor().summary()).as(key).isNotBlank();
          assertThat(factory.descriptor().paper()).as(key).isNotBlank();
          assertThat(factory.create(Params.empty())).as(key).isNotNull();
        });
  }

  @Test
  void paramsCarryThePaperDefaults() {
    Map<String, WeightingFactory> all = factories();
    assertThat(all.get("gradnorm").descriptor().params())
        .extracting(Param::name, Param::defaultValue, Param::doc)
        .contains(
            Tuple.tuple("alpha", 1.5, "restoring force toward equal training rates"),
            Tuple.tuple("learning_rate", 0.025, "step of the in-graph weight update"));
    assertThat(all.get("cagrad").descriptor().params())
        .extracting(Param::name, Param::defaultText)
        .contains(Tuple.tuple("c", "0.4"), Tuple.tuple("iterations", "25"));
    assertThat(all.get("dwa").descriptor().params())
        .extracting(Param::name, Param::defaultText)
        .contains(Tuple.tuple("temperature", "2.0"));
    assertThat(all.get("gradvac").descriptor().params())
        .extracting(Param::name, Param::defaultText)
        .contains(Tuple.tuple("beta", "0.01"));
  }

  @Test
  void reportsEveryBadParameterAtOnce() {
    WeightingFactory f = CaGradWeighting.factory();
    assertThatThrownBy(
            () ->
                Params.parse(
                    f.descriptor().params(),
                    "c",
                    -1,
                    "iterations",
                    0,
                    "solver",
                    "newton",
                    "colour",
                    "red"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(4))
        .hasMessageContaining("c: must be >= 0, found -1.0")
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
            () ->
                Params.parse(
                    UncertaintyWeighting.factory().descriptor().params(), "auxiliary_only", "yes"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(1))
        .hasMessageContaining("auxiliary_only: must be a flag, found a text 'yes'");
  }

  @Test
  void aRuleAcrossParametersIsReportedByTheFactory() {
    WeightingFactory f = UncertaintyWeighting.factory();
    assertThatThrownBy(
            () ->
                f.create(
                    Params.parse(
                        f.descriptor().params(), "min_log_variance", 2, "max_log_variance", 1)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max_log_variance: must be > min_log_variance (2.0), found 1.0")
        .hasMessageContaining(
            "initial_log_variance: must be within [min_log_variance, max_log_variance], found 0.0");
  }

  @Test
  void anInfiniteNumberIsNeverAParameter() {
    assertThatThrownBy(
            () ->
                Params.parse(
                    DwaWeighting.factory().descriptor().params(),
                    "temperature",
                    Double.POSITIVE_INFINITY))
        .hasMessageContaining("temperature: must be a finite number, found Infinity");
  }
}
