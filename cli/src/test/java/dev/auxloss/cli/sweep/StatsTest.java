package dev.auxloss.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  /**
   * By hand: d = 0.02, 0.04, 0.03, 0.05, 0.01; mean 0.03; sd = sqrt(0.001 / 4) = 0.0158114;
   * t(0.975, 4) = 2.7764 (tables); half-width 2.7764 · 0.0158114 / √5 = 0.0196321; interval
   * [0.0103679, 0.0496321].
   */
  @Test
  void pairedIntervalMatchesAHandComputation() {
    Stats.Paired p = Stats.paired(List.of(0.02, 0.04, 0.03, 0.05, 0.01));
    assertThat(p.mean()).isCloseTo(0.03, within(1e-12));
    assertThat(p.low()).isCloseTo(0.0103679, within(1e-6));
    assertThat(p.high()).isCloseTo(0.0496321, within(1e-6));
    assertThat(p.n()).isEqualTo(5);
  }

  @Test
  void oneSeedHasNoInterval() {
    Stats.Paired p = Stats.paired(List.of(0.1));
    assertThat(p.mean()).isEqualTo(0.1);
    assertThat(p.low()).isNaN();
    assertThat(Stats.summary(List.of(0.1)).std()).isNaN();
  }

  /** Quantiles from R's qt(0.975, df): the table below 31, the expansion above. */
  @Test
  void studentQuantilesMatchR() {
    assertThat(Stats.t975(1)).isCloseTo(12.7062, within(1e-4));
    assertThat(Stats.t975(2)).isCloseTo(4.302653, within(1e-4));
    assertThat(Stats.t975(30)).isCloseTo(2.042272, within(1e-4));
    assertThat(Stats.t975(31)).isCloseTo(2.039513, within(1e-4));
    assertThat(Stats.t975(40)).isCloseTo(2.021075, within(1e-4));
    assertThat(Stats.t975(1000)).isCloseTo(1.962339, within(1e-4));
  }

  @Test
  void summaryIsTheSampleMeanAndStd() {
    Stats.Summary s = Stats.summary(List.of(1.0, 2.0, 4.0));
    assertThat(s.mean()).isCloseTo(7.0 / 3, within(1e-12));
    assertThat(s.std()).isCloseTo(Math.sqrt((16.0 / 9 + 1.0 / 9 + 25.0 / 9) / 2), within(1e-12));
  }
}
