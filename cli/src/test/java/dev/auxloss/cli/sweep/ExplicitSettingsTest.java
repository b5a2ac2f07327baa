package dev.auxloss.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --setting}: settings after the grid for comparisons that are not a cartesian product (L4:
 * static weights, then the adaptive strategies at weight 1 only).
 */
class ExplicitSettingsTest {
  static final List<Vary> VARIES =
      List.of(Vary.parse("loss[aux].weight=0,0.3,1"), Vary.parse("weighting.strategy=static"));

  static List<Setting> append(String... expressions) {
    return ExplicitSettings.append(
        Setting.grid(VARIES), List.of(expressions), VARIES, ConfigPathTest.BASE);
  }

  @Test
  void followTheGridWithTheNextIdsAndTheValuesInVaryOrder() {
    List<Setting> all =
        append(
            "weighting.strategy=pcgrad,loss[aux].weight=1",
            "loss[aux].weight=1,weighting.strategy=uncertainty");
    assertThat(all).hasSize(5);
    assertThat(all.get(3))
        .isEqualTo(
            new Setting("s4", Map.of("loss[aux].weight", "1", "weighting.strategy", "pcgrad")));
    assertThat(all.get(3).values().keySet())
        .containsExactly("loss[aux].weight", "weighting.strategy");
    assertThat(all.get(4).label()).isEqualTo("loss[aux].weight=1 weighting.strategy=uncertainty");
    assertThat(Baseline.select("loss[aux].weight=1,weighting.strategy=pcgrad", all).id())
        .isEqualTo("s4");
  }

  @Test
  void needAValueForEveryVariedPathAndNoOther() {
    assertThatThrownBy(() -> append("weighting.strategy=pcgrad"))
        .hasMessage(
            "--setting 'weighting.strategy=pcgrad': no value for loss[aux].weight; give one for each of "
                + "loss[aux].weight, weighting.strategy");
    assertThatThrownBy(() -> append("loss[aux].weight=1,weighting.strategy=pcgrad,seed=3"))
        .hasMessageContaining(
            "seed is not varied; the varied paths are loss[aux].weight, weighting.strategy");
    assertThatThrownBy(() -> append("loss[aux].weight=1,loss[aux].weight=2"))
        .hasMessageContaining("loss[aux].weight is given twice");
  }

  @Test
  void refuseAValueThatCannotBeSetAndASettingAlreadyThere() {
    assertThatThrownBy(() -> append("loss[aux].weight=heavy,weighting.strategy=pcgrad"))
        .hasMessage(
            "--setting 'loss[aux].weight=heavy,weighting.strategy=pcgrad': loss[aux].weight: 'heavy' is "
                + "not a number");
    assertThatThrownBy(() -> append("loss[aux].weight=0.30,weighting.strategy=static"))
        .hasMessageContaining(
            "the same as setting s2 (loss[aux].weight=0.3 weighting.strategy=static)");
    assertThatThrownBy(
            () ->
                append(
                    "loss[aux].weight=1,weighting.strategy=pcgrad",
                    "loss[aux].weight=1.0,weighting.strategy=pcgrad"))
        .hasMessageContaining("the same as setting s4");
  }
}
