package dev.auxloss.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Host-side values (the graph side is checked against these in tf-backend's ScheduleGraphTest). */
class SchedulesTest {
  @Test
  void linearInterpolatesAndIsFlatOutside() {
    WeightSchedule s = Schedules.linear(0.3, 0.1, 100, 300);
    assertThat(s.valueAt(0)).isEqualTo(0.3);
    assertThat(s.valueAt(200)).isCloseTo(0.2, within(1e-12));
    assertThat(s.valueAt(1000)).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void cosineStepOffAfterWarmupExponential() {
    assertThat(Schedules.cosine(1, 0, 100).valueAt(50)).isCloseTo(0.5, within(1e-12));
    assertThat(Schedules.step(List.of(10L, 20L), List.of(1.0, 0.5, 0.0)).valueAt(15))
        .isEqualTo(0.5);
    assertThat(Schedules.offAfter(10).valueAt(9)).isEqualTo(1.0);
    assertThat(Schedules.offAfter(10).valueAt(10)).isEqualTo(0.0);
    assertThat(Schedules.warmup(4).valueAt(1)).isCloseTo(0.25, within(1e-12));
    assertThat(Schedules.exponential(1, 0.5, 10).valueAt(20)).isCloseTo(0.25, within(1e-12));
    assertThat(Schedules.warmup(10).times(Schedules.constant(0.3)).valueAt(5))
        .isCloseTo(0.15, within(1e-12));
  }

  @Test
  void invalidSchedulesStateTheRule() {
    assertThatThrownBy(() -> Schedules.linear(1, 0, 10, 10))
        .hasMessage("linear schedule needs 0 <= start < end, found start 10, end 10");
    assertThatThrownBy(() -> Schedules.step(List.of(10L), List.of(1.0)))
        .hasMessage(
            "step schedule needs one more value than boundaries, found 1 boundaries and 1 values");
    assertThatThrownBy(() -> Schedules.constant(Double.NaN))
        .hasMessage("schedule value must be finite, found NaN");
  }
}
