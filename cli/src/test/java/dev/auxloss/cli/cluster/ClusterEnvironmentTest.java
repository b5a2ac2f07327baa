package dev.auxloss.cli.cluster;

import static dev.auxloss.cli.cluster.ClusterEnvironment.AUXLOSS_CLUSTER;
import static dev.auxloss.cli.cluster.ClusterEnvironment.TF_CONFIG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.tf.distributed.ClusterSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How a worker learns its cluster: --task, the config, AUXLOSS_CLUSTER, then TensorFlow's
 * TF_CONFIG.
 */
class ClusterEnvironmentTest {
  static final RuntimeSettings NONE = RuntimeSettings.defaults();
  static final List<String> TWO = List.of("10.0.0.1:2222", "10.0.0.2:2222");

  static Optional<ClusterSpec> resolve(String variable, String value) {
    return ClusterEnvironment.resolve(NONE, Map.of(variable, value), null);
  }

  // --- TF_CONFIG, as a Kubernetes TFJob sets it

  @Test
  void aChiefIsTaskZeroAndTheWorkersFollowIt() {
    String cluster =
        "{\"cluster\": {\"chief\": [\"job-chief-0.ns.svc:2222\"],"
            + " \"worker\": [\"job-worker-0.ns.svc:2222\", \"job-worker-1.ns.svc:2222\"]},";
    List<String> all =
        List.of("job-chief-0.ns.svc:2222", "job-worker-0.ns.svc:2222", "job-worker-1.ns.svc:2222");
    assertThat(
            resolve(
                TF_CONFIG,
                cluster
                    + " \"task\": {\"type\": \"chief\", \"index\": 0}, \"environment\": \"cloud\"}"))
        .contains(new ClusterSpec(all, 0));
    assertThat(resolve(TF_CONFIG, cluster + " \"task\": {\"type\": \"worker\", \"index\": 0}}"))
        .contains(new ClusterSpec(all, 1));
    assertThat(resolve(TF_CONFIG, cluster + " \"task\": {\"type\": \"worker\", \"index\": 1}}"))
        .contains(new ClusterSpec(all, 2));
  }

  @Test
  void withoutAChiefWorkerZeroIsTheChief() {
    String value =
        "{\n  \"cluster\": {\"worker\": [\"10.0.0.1:2222\", \"10.0.0.2:2222\"]},\n"
            + "  \"task\": {\"type\": \"worker\", \"index\": 1}\n}";
    assertThat(resolve(TF_CONFIG, value)).contains(new ClusterSpec(TWO, 1));
  }

  @Test
  void parameterServersAndEvaluatorsAreRefusedWithTheReason() {
    String ps =
        "{\"cluster\": {\"worker\": [\"w:1\"], \"ps\": [\"p:1\"]}, \"task\": {\"type\": \"worker\", \"index\": 0}}";
    assertThatThrownBy(() -> resolve(TF_CONFIG, ps))
        .hasMessage(
            "TF_CONFIG is invalid: job \"ps\" is not supported:"
                + " auxloss trains with all-reduce between the chief and the workers, without parameter servers (remove the"
                + " PS replicas) (value: '"
                + ps
                + "')");
    String eval =
        "{\"cluster\": {\"evaluator\": [\"e:1\"]}, \"task\": {\"type\": \"evaluator\", \"index\": 0}}";
    assertThatThrownBy(() -> resolve(TF_CONFIG, eval))
        .hasMessageStartingWith(
            "TF_CONFIG is invalid: job \"evaluator\" is not supported: the chief evaluates the run");
  }

  @Test
  void badJsonNamesTheVariableTheProblemAndTheValueOnOneLine() {
    assertThatThrownBy(() -> resolve(TF_CONFIG, "{\"cluster\": {\"worker\": [\"w:1\"}\n}"))
        .hasMessageStartingWith(
            "TF_CONFIG is invalid: not valid JSON: Unterminated array at line 1 column 31")
        .hasMessageEndingWith(" (value: '{\"cluster\": {\"worker\": [\"w:1\"} }')")
        .message()
        .doesNotContain("\n");
    assertThatThrownBy(() -> resolve(TF_CONFIG, "{cluster: {worker: []}}"))
        .hasMessage(
            "TF_CONFIG is invalid: not valid JSON: unexpected text at line 1 column 3 path $."
                + " (value: '{cluster: {worker: []}}')");
    assertThatThrownBy(() -> resolve(TF_CONFIG, "[\"w:1\"]"))
        .hasMessage(
            "TF_CONFIG is invalid: expected a JSON object, found [\"w:1\"] (value: '[\"w:1\"]')");
  }

  @Test
  void aMissingClusterOrTaskAndAnIndexOutOfRangeAreErrors() {
    assertThatThrownBy(() -> resolve(TF_CONFIG, "{\"worker\": [\"w:1\", \"w:2\"], \"task\": 0}"))
        .hasMessageStartingWith(
            "TF_CONFIG is invalid: missing \"cluster\" (its jobs: {\"chief\": [\"host:port\"],");
    assertThatThrownBy(() -> resolve(TF_CONFIG, "{\"cluster\": {\"worker\": [\"w:1\", \"w:2\"]}}"))
        .hasMessageStartingWith(
            "TF_CONFIG is invalid: missing \"task\" ({\"type\": \"worker\", \"index\": N})");
    assertThatThrownBy(
            () ->
                resolve(
                    TF_CONFIG,
                    "{\"cluster\": {\"chief\": [\"c:1\"], \"worker\": [\"w:1\", \"w:2\"]}, \"task\": {\"type\": \"worker\", \"index\": 2}}"))
        .hasMessageStartingWith(
            "TF_CONFIG is invalid: task.index must index the 2 worker address(es) of the cluster,"
                + " 0..1, found 2 (value: ");
    assertThatThrownBy(
            () ->
                resolve(
                    TF_CONFIG,
                    "{\"cluster\": {\"chief\": [\"c:1\"], \"worker\": [\"w:1\"]}, \"task\": {\"type\": \"chief\", \"index\": 1}}"))
        .hasMessageStartingWith(
            "TF_CONFIG is invalid: task.index must index the 1 chief address(es) of the cluster,"
                + " 0..0, found 1");
    assertThatThrownBy(
            () ->
                resolve(
                    TF_CONFIG,
                    "{\"cluster\": {\"worker\": [\"w:1\", \"w:2\"]}, \"task\": {\"type\": \"worker\", \"index\": 0.5}}"))
        .hasMessageStartingWith("TF_CONFIG is invalid: task.index must be an integer, found 0.5");
  }

  // --- precedence

  @Test
  void theTaskFlagThenTheConfigThenAuxlossClusterThenTfConfig() {
    RuntimeSettings configured = RuntimeSettings.builder().clusterWorkers(TWO).task(1).build();
    String tfConfig =
        "{\"cluster\": {\"worker\": [\"t:1\", \"t:2\", \"t:3\"]}, \"task\": {\"type\": \"worker\", \"index\": 2}}";
    Map<String, String> both = Map.of(AUXLOSS_CLUSTER, "a:1,a:2;task=0", TF_CONFIG, tfConfig);

    assertThat(ClusterEnvironment.resolve(NONE, Map.of(), null)).isEmpty();
    assertThat(ClusterEnvironment.resolve(NONE, Map.of(TF_CONFIG, tfConfig), null))
        .contains(new ClusterSpec(List.of("t:1", "t:2", "t:3"), 2));
    assertThat(ClusterEnvironment.resolve(NONE, both, null))
        .contains(new ClusterSpec(List.of("a:1", "a:2"), 0));
    assertThat(ClusterEnvironment.resolve(configured, both, null))
        .contains(new ClusterSpec(TWO, 1));
    assertThat(ClusterEnvironment.resolve(configured, both, 0)).contains(new ClusterSpec(TWO, 0));
    assertThat(ClusterEnvironment.resolve(NONE, Map.of(TF_CONFIG, tfConfig), 1))
        .contains(new ClusterSpec(List.of("t:1", "t:2", "t:3"), 1));
    // A variable that does not take part is not read: a stale TF_CONFIG under AUXLOSS_CLUSTER is no
    // error.
    assertThat(
            ClusterEnvironment.resolve(NONE, Map.of(AUXLOSS_CLUSTER, "a:1", TF_CONFIG, "{"), null))
        .contains(new ClusterSpec(List.of("a:1"), 0));
    assertThatThrownBy(() -> ClusterEnvironment.resolve(NONE, Map.of(TF_CONFIG, tfConfig), 3))
        .hasMessage("--task 3 is out of range: cluster: task must index a worker, 0..2, found 3");
    assertThatThrownBy(() -> ClusterEnvironment.resolve(NONE, Map.of(), 1))
        .hasMessage(
            "--task 1 needs a cluster: name its workers in runtime.cluster, AUXLOSS_CLUSTER or TF_CONFIG");
  }

  // --- AUXLOSS_CLUSTER, as auxloss launch sets it

  @Test
  void auxlossClusterTakesTheCompactTheFlatAndTheTfConfigForms() {
    assertThat(resolve(AUXLOSS_CLUSTER, "10.0.0.1:2222,10.0.0.2:2222;task=1"))
        .contains(new ClusterSpec(TWO, 1));
    assertThat(resolve(AUXLOSS_CLUSTER, " 10.0.0.1:2222 , 10.0.0.2:2222 ; task = 0 "))
        .contains(new ClusterSpec(TWO, 0));
    assertThat(resolve(AUXLOSS_CLUSTER, "localhost:5000"))
        .contains(new ClusterSpec(List.of("localhost:5000"), 0));
    assertThat(
            resolve(
                AUXLOSS_CLUSTER, "{\"worker\":[\"10.0.0.1:2222\",\"10.0.0.2:2222\"],\"task\":0}"))
        .contains(new ClusterSpec(TWO, 0));
    assertThat(
            resolve(
                AUXLOSS_CLUSTER,
                "{\"cluster\": {\"worker\": [\"10.0.0.1:2222\", \"10.0.0.2:2222\"]},"
                    + " \"task\": {\"type\": \"worker\", \"index\": 1}}"))
        .contains(new ClusterSpec(TWO, 1));
  }

  @Test
  void whatTheLauncherSetsResolvesToTheSameCluster() {
    ClusterSpec s = new ClusterSpec(TWO, 1);
    assertThat(ClusterEnvironment.variables(s))
        .isEqualTo(Map.of(AUXLOSS_CLUSTER, "10.0.0.1:2222,10.0.0.2:2222;task=1"));
    assertThat(ClusterEnvironment.resolve(NONE, ClusterEnvironment.variables(s), null)).contains(s);
  }

  @Test
  void aBadAuxlossClusterStatesEveryProblemWithTheValue() {
    assertThatThrownBy(() -> resolve(AUXLOSS_CLUSTER, "h:1,bad,h:99999;task=5"))
        .hasMessage(
            "AUXLOSS_CLUSTER is invalid: cluster: worker[1] must be host:port with a port in 1..65535, found"
                + " 'bad'; worker[2] must be host:port with a port in 1..65535, found 'h:99999'; task must index a"
                + " worker, 0..2, found 5 (value: 'h:1,bad,h:99999;task=5')");
    assertThatThrownBy(() -> resolve(AUXLOSS_CLUSTER, "h:1,h:2"))
        .hasMessage("AUXLOSS_CLUSTER is invalid: missing ';task=N' (value: 'h:1,h:2')");
    assertThatThrownBy(
            () -> resolve(AUXLOSS_CLUSTER, "{\"worker\": [\"h:1\", \"h:2\"], \"task\": 1.5}"))
        .hasMessageContaining("task must be an integer, found 1.5");
    assertThatThrownBy(() -> resolve(AUXLOSS_CLUSTER, "{\"worker\": [\"h:1\""))
        .hasMessageContaining("not valid JSON: ");
  }
}
