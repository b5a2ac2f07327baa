package dev.auxloss.tf.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.config.RuntimeSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSpecTest {
  static final List<String> TWO = List.of("10.0.0.1:2222", "10.0.0.2:2222");

  @Test
  void parsesTheCompactForm() {
    assertThat(ClusterSpec.parse("10.0.0.1:2222,10.0.0.2:2222;task=1")).isEqualTo(new ClusterSpec(TWO, 1));
    assertThat(ClusterSpec.parse(" 10.0.0.1:2222 , 10.0.0.2:2222 ; task = 0 ")).isEqualTo(new ClusterSpec(TWO, 0));
    assertThat(ClusterSpec.parse("localhost:5000")).isEqualTo(new ClusterSpec(List.of("localhost:5000"), 0));
  }

  @Test
  void parsesTfConfigLikeAndFlatJson() {
    String tfConfig = "{\"cluster\": {\"worker\": [\"10.0.0.1:2222\", \"10.0.0.2:2222\"]},"
        + " \"task\": {\"type\": \"worker\", \"index\": 1}}";
    assertThat(ClusterSpec.parse(tfConfig)).isEqualTo(new ClusterSpec(TWO, 1));
    assertThat(ClusterSpec.parse("{\"worker\":[\"10.0.0.1:2222\",\"10.0.0.2:2222\"],\"task\":0}"))
        .isEqualTo(new ClusterSpec(TWO, 0));
  }

  @Test
  void compactFormRoundTrips() {
    ClusterSpec s = new ClusterSpec(TWO, 1);
    assertThat(s.toEnv()).isEqualTo("10.0.0.1:2222,10.0.0.2:2222;task=1");
    assertThat(ClusterSpec.parse(s.toEnv())).isEqualTo(s);
  }

  @Test
  void statesEveryProblemWithTheValue() {
    assertThatThrownBy(() -> ClusterSpec.parse("h:1,bad,h:99999;task=5"))
        .hasMessage("AUXLOSS_CLUSTER is invalid: cluster: worker[1] must be host:port with a port in 1..65535, found"
            + " 'bad'; worker[2] must be host:port with a port in 1..65535, found 'h:99999'; task must index a"
            + " worker, 0..2, found 5 (value: 'h:1,bad,h:99999;task=5')");
    assertThatThrownBy(() -> ClusterSpec.parse("h:1,h:2"))
        .hasMessage("AUXLOSS_CLUSTER is invalid: missing ';task=N' (value: 'h:1,h:2')");
    assertThatThrownBy(() -> ClusterSpec.parse("{\"cluster\": {\"chief\": [\"h:1\"], \"worker\": [\"h:2\"]}, \"task\": 0}"))
        .hasMessageContaining("only the job \"worker\" is supported (every worker trains; task 0 is the chief),"
            + " found job \"chief\"");
    assertThatThrownBy(() -> ClusterSpec.parse("{\"worker\": [\"h:1\", \"h:2\"], \"task\": 1.5}"))
        .hasMessageContaining("task must be an integer, found 1.5");
    assertThatThrownBy(() -> ClusterSpec.parse("{\"worker\": [\"h:1\"")).hasMessageContaining("JSON: expected ']'");
    assertThatThrownBy(() -> new ClusterSpec(List.of("h:1", "h:1"), 0))
        .hasMessage("cluster: workers must be distinct, found [h:1, h:1]");
  }

  @Test
  void theConfigWinsOverTheEnvironment() {
    RuntimeSettings none = RuntimeSettings.defaults();
    RuntimeSettings d = RuntimeSettings.defaults();
    RuntimeSettings configured = new RuntimeSettings(d.xla(), d.device(), d.intraOpThreads(), d.interOpThreads(),
        d.prefetchBatches(), d.allowGrowth(), TWO, 1, d.onednn(), d.remapper(), d.layoutOptimizer(),
        d.constantFolding(), d.bfcCpuAllocator(), d.mallocArenaMax(), false);
    Map<String, String> env = Map.of(ClusterSpec.ENV, "localhost:1,localhost:2;task=0");
    assertThat(ClusterSpec.resolve(none, Map.of())).isEmpty();
    assertThat(ClusterSpec.resolve(none, env)).contains(new ClusterSpec(List.of("localhost:1", "localhost:2"), 0));
    assertThat(ClusterSpec.resolve(configured, env)).contains(new ClusterSpec(TWO, 1));
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
