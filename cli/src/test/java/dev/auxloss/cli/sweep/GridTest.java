package dev.auxloss.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grid of {@code --vary} values, the trials' ids and the {@code --baseline} that picks one
 * setting.
 */
class GridTest {
  static final List<Setting> GRID =
      Setting.grid(
          List.of(
              Vary.parse("loss[aux].weight=0,0.1,0.3"),
              Vary.parse("weighting.strategy=static,pcgrad")));

  @Test
  void theGridIsTheCartesianProductLastExpressionFastest() {
    assertThat(GRID).hasSize(6);
    assertThat(GRID.get(0))
        .isEqualTo(
            new Setting("s1", Map.of("loss[aux].weight", "0", "weighting.strategy", "static")));
    assertThat(GRID.get(1).values())
        .containsExactly(
            Map.entry("loss[aux].weight", "0"), Map.entry("weighting.strategy", "pcgrad"));
    assertThat(GRID.get(5).values())
        .containsExactly(
            Map.entry("loss[aux].weight", "0.3"), Map.entry("weighting.strategy", "pcgrad"));
    assertThat(GRID.get(4).label()).isEqualTo("loss[aux].weight=0.3 weighting.strategy=static");
    assertThat(GRID.get(2).trial(5)).isEqualTo("s3-seed5");
  }

  @Test
  void varyRefusesAnExpressionWithoutValues() {
    assertThatThrownBy(() -> Vary.parse("loss[aux].weight="))
        .hasMessage("--vary 'loss[aux].weight=': loss[aux].weight: no values after '='");
    assertThatThrownBy(() -> Vary.parse("loss[aux].weight"))
        .hasMessageContaining("expected PATH=V1,V2,...");
    assertThatThrownBy(() -> Vary.parse("x=1,,2"))
        .hasMessageContaining("an empty value between commas");
  }

  @Test
  void theBaselineMatchesNumbersByValue() {
    assertThat(Baseline.select("loss[aux].weight=0.0,weighting.strategy=pcgrad", GRID).id())
        .isEqualTo("s2");
    assertThat(Baseline.select(null, GRID).id()).isEqualTo("s1");
  }

  @Test
  void aBaselineThatSelectsNoneOrSeveralSettingsIsRefused() {
    assertThatThrownBy(
            () -> Baseline.select("loss[aux].weight=0.5,weighting.strategy=static", GRID))
        .hasMessageContaining(
            "no setting of the grid has these values (loss[aux].weight takes 0, 0.1, 0.3");
    assertThatThrownBy(() -> Baseline.select("loss[aux].weight=0", GRID))
        .hasMessageContaining(
            "matches 2 settings; give a value for each of loss[aux].weight, weighting.strategy");
    assertThatThrownBy(() -> Baseline.select("optimizer.type=sgd", GRID))
        .hasMessageContaining("optimizer.type is not varied");
  }

  @Test
  void theBestSettingIsByValidationMeanAndNeverOneThatDiverged() {
    List<Setting> three = Setting.grid(List.of(Vary.parse("loss[aux].weight=0,1,2")));
    Map<String, Double> v =
        Map.of(
            "s1-seed1",
            Double.NaN,
            "s1-seed2",
            0.9,
            "s2-seed1",
            0.5,
            "s2-seed2",
            0.7,
            "s3-seed1",
            0.6,
            "s3-seed2",
            0.5);
    assertThat(
            new SweepResults(three, List.of(1L, 2L), three.get(0), Metric.named("accuracy"), v)
                .best()
                .id())
        .isEqualTo("s2");
    assertThat(
            new SweepResults(three, List.of(1L, 2L), three.get(0), Metric.named("loss/x"), v)
                .best()
                .id())
        .isEqualTo("s3");
  }
}
