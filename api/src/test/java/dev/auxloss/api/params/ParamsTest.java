package dev.auxloss.api.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the framework checks for every plugin before its factory runs, declared once per parameter.
 */
class ParamsTest {
  static final Param<String> ENDPOINT =
      Param.text("endpoint", "", "the endpoint").required("block2/features");
  static final Param<Double> TEMPERATURE = Param.number("temperature", 0.05, "softmax τ").above(0);
  static final Param<Integer> LAYERS = Param.integer("layers", 2, "depth").atLeast(1);
  static final Param<String> HEAD =
      Param.choice("head", "small", List.of("small", "googlenet"), "size");
  static final Param<Boolean> CAUSAL = Param.flag("causal", true, "mask the future");
  static final Param<List<Double>> WEIGHTS = Param.numbers("weights", List.of(), "per layer");
  static final List<Param<?>> ALL = List.of(ENDPOINT, TEMPERATURE, LAYERS, HEAD, CAUSAL, WEIGHTS);

  private static List<String> problems(Object... written) {
    return catchThrowableOfType(ConfigException.class, () -> Params.parse(ALL, written))
        .errors()
        .stream()
        .map(ConfigError::toString)
        .toList();
  }

  @Test
  void defaultsFillWhatIsNotWritten() {
    Params p = Params.parse(ALL, "endpoint", "block1/features", "weights", 0.5);
    assertThat(p.get(ENDPOINT)).isEqualTo("block1/features");
    assertThat(p.get(TEMPERATURE)).isEqualTo(0.05);
    assertThat(p.get(LAYERS)).isEqualTo(2);
    assertThat(p.get(HEAD)).isEqualTo("small");
    assertThat(p.get(CAUSAL)).isTrue();
    assertThat(p.get(WEIGHTS)).containsExactly(0.5); // a single number is a list of one
    assertThat(p.isSet(ENDPOINT)).isTrue();
    assertThat(p.isSet(TEMPERATURE)).isFalse();
  }

  @Test
  void everyProblemIsReportedTogether() {
    assertThat(
            problems(
                "temperature",
                0,
                "layers",
                2.5,
                "head",
                "huge",
                "causal",
                "yes",
                "weights",
                List.of(1.0, Double.NaN)))
        .containsExactly(
            "endpoint: is required, for example 'block2/features'",
            "temperature: must be > 0, found 0.0",
            "layers: must be a whole number, found 2.5",
            "head: must be one of [small, googlenet], found 'huge'",
            "causal: must be a flag, found a text 'yes'",
            "weights: must be a finite number, found [1.0, NaN]");
  }

  @Test
  void aMisspeltNameIsTheCauseNotItsMissingTwin() {
    assertThat(problems("endpont", "block1/features", "layers", 0))
        .containsExactly(
            "layers: must be >= 1, found 0",
            "endpont: unknown parameter 'endpont'; did you mean 'endpoint'? known parameters: "
                + "[causal, endpoint, head, layers, temperature, weights]");
  }

  @Test
  void readingAParameterThatWasNotDeclaredIsAPluginBug() {
    Params p = Params.parse(List.of(TEMPERATURE), "temperature", 1);
    assertThatThrownBy(() -> p.get(LAYERS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'layers' is read but was not declared");
  }

  @Test
  void uncheckedParamsCheckTheOneThatIsRead() {
    assertThat(Params.of("layers", 3).get(LAYERS)).isEqualTo(3);
    assertThatThrownBy(() -> Params.of("layers", -1).get(LAYERS))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("layers: must be >= 1, found -1");
  }

  @Test
  void validateStatesTheRuleOnceForRecordsBuiltInCode() {
    assertThat(TEMPERATURE.validate(0.1)).isEqualTo(0.1);
    assertThatThrownBy(() -> TEMPERATURE.validate(-1.0))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("temperature: must be > 0, found -1.0");
    assertThatThrownBy(() -> HEAD.validate("huge"))
        .hasMessageContaining("must be one of [small, googlenet]");
  }

  @Test
  void listingsReadTheDeclaration() {
    assertThat(ENDPOINT.defaultText()).isEqualTo("(required)");
    assertThat(TEMPERATURE.defaultText()).isEqualTo("0.05");
    assertThat(TEMPERATURE.ruleTexts()).containsExactly("must be > 0");
    assertThat(LAYERS.type()).hasToString("integer");
    assertThat(HEAD.choices()).containsExactly("small", "googlenet");
  }

  @Test
  void aDeclarationThatCannotBeRightFailsAtOnce() {
    assertThatThrownBy(() -> Param.choice("head", "tiny", List.of("small"), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Param.number("Temperature", 1, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Params.parse(List.of(TEMPERATURE, TEMPERATURE), "temperature", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("declared twice");
  }
}
