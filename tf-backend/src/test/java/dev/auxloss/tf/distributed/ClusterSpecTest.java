package dev.auxloss.tf.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.config.RuntimeSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSpecTest {
  static final List<String> TWO = List.of("10.0.0.1:2222", "10.0.0.2:2222");

  @Test
  void statesEveryProblem() {
    assertThatThrownBy(() -> new ClusterSpec(List.of("h:1", "bad", "h:99999"), 5))
        .hasMessage(
            "cluster: worker[1] must be host:port with a port in 1..65535, found 'bad'; worker[2] must be"
                + " host:port with a port in 1..65535, found 'h:99999'; task must index a worker, 0..2, found 5");
    assertThatThrownBy(() -> new ClusterSpec(List.of("h:1", "h:1"), 0))
        .hasMessage("cluster: workers must be distinct, found [h:1, h:1]");
  }

  @Test
  void theConfigNamesACluster() {
    RuntimeSettings d = RuntimeSettings.defaults();
    RuntimeSettings configured = RuntimeSettings.builder().clusterWorkers(TWO).task(1).build();
    assertThat(ClusterSpec.of(d)).isEmpty();
    assertThat(ClusterSpec.of(configured)).contains(new ClusterSpec(TWO, 1));
  }

  @Test
  void taskZeroIsTheChief() {
    assertThat(new ClusterSpec(TWO, 0).isChief()).isTrue();
    assertThat(new ClusterSpec(TWO, 1).isChief()).isFalse();
    assertThat(new ClusterSpec(TWO, 1).self()).isEqualTo("10.0.0.2:2222");
    assertThat(ClusterSpec.taskDevice(1)).isEqualTo("/job:worker/replica:0/task:1");
    assertThat(ClusterSpec.host("[::1]:5000")).isEqualTo("::1");
  }
}
