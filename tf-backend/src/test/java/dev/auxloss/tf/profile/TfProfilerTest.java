package dev.auxloss.tf.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.data.Split;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.graph.TrainingGraph;
import dev.auxloss.tf.testing.TinyTask;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.weighting.PcGradWeighting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** Step-stats attribution: each op of the fused step charged to the term that caused it. */
class TfProfilerTest {
  private static final Map<String, String> SCOPES =
      Map.of("primary", "primary", "aux1", "aux1", "aux2", "aux2");

  @Test
  void aHeadsForwardAndBackwardAreChargedToItsTerm(@TempDir Path dir) {
    TrainingPlan plan = TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10);
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      TrainingGraph tg = run.trainingGraph();
      GraphDef def = tg.graph().toGraphDef();
      OpAttribution a = attribution(tg, def);
      String headKernel = read(def, "heads/aux1/head/kernel");
      String trunkKernel = read(def, "model/h2/kernel");
      int headGrads = 0;
      for (NodeDef n : def.getNodeList()) {
        if (!n.getName().startsWith("gradients") || !n.getOp().equals("MatMul")) continue;
        if (n.getInputList().contains(headKernel)) {
          headGrads++;
          assertThat(a.owner(n.getName()).term()).as(n.getName()).isEqualTo("aux1");
          assertThat(a.owner(n.getName()).phase()).isEqualTo(Phase.BACKWARD);
        }
        if (n.getInputList().contains(trunkKernel))
          assertThat(a.owner(n.getName()).term()).as(n.getName()).isNull();
      }
      assertThat(headGrads).as("gradient MatMuls reading aux1's head kernel").isPositive();
      assertThat(a.owner("losses/aux1/SoftmaxCrossEntropyWithLogits"))
          .isEqualTo(new OpAttribution.Owner("aux1", Phase.FORWARD));
      assertThat(a.owner("model/MatMul").term()).isNull();
      // grappler's derived names fall back to the op they were made from
      assertThat(a.owner("losses/aux2/MatMul/_0__cf__1").term()).isEqualTo("aux2");

      ProfileTable t =
          TfProfiler.profile(run, plan.terms(), plan.dataset().batches(Split.TRAIN, 32, 1), 2, 3);
      assertThat(t.samples()).isEqualTo(3);
      ProfileTable.Row aux1 = t.row("aux1");
      assertThat(aux1.role()).isEqualTo("AUXILIARY");
      assertThat(aux1.forwardMs()).isPositive();
      assertThat(aux1.backwardMs()).isPositive();
      double shares =
          t.rows().stream()
              .filter(r -> !r.term().equals(ProfileTable.TOTAL))
              .mapToDouble(t::share)
              .sum();
      assertThat(shares).isCloseTo(1.0, within(1e-9));
      assertThat(t.share(t.row(ProfileTable.TOTAL))).isCloseTo(1.0, within(1e-9));
      assertThat(t.toText()).contains("aux1", "AUXILIARY", "(shared)");
      assertThat(t.toCsv().lines().count()).isEqualTo(6);
    }
  }

  @Test
  void aPerTermBackwardPassBelongsToItsTermWhole(@TempDir Path dir) {
    TrainingPlan base = TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10);
    TrainingPlan plan = base.toBuilder().weighting("pcgrad", new PcGradWeighting()).build();
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      GraphDef def = run.trainingGraph().graph().toGraphDef();
      OpAttribution a = attribution(run.trainingGraph(), def);
      String trunkKernel = read(def, "model/h1/kernel");
      // aux2's own pass goes through the trunk: its trunk gradient is aux2's cost, not shared
      long charged =
          def.getNodeList().stream()
              .filter(
                  n ->
                      n.getName().startsWith("gradients") && n.getInputList().contains(trunkKernel))
              .map(n -> a.owner(n.getName()).term())
              .filter("aux2"::equals)
              .count();
      assertThat(charged).isPositive();
    }
  }

  @Test
  void theTrainerWritesTheProfileWhenAsked(@TempDir Path dir) throws Exception {
    TrainingPlan base = TinyTask.plan(TinyTask.primaryAndTwoHeads(), 6);
    TrainingPlan plan =
        base.toBuilder()
            .training(
                base.training().toBuilder()
                    .evalEvery(0)
                    .checkpointEvery(100)
                    .profileEvery(2)
                    .build())
            .build();
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      run.train(false);
    }
    String text = Files.readString(dir.resolve("profile/profile.txt"));
    assertThat(text).startsWith("step profile: 3 traced steps").contains("aux2");
    assertThat(Files.readString(dir.resolve("profile/profile.csv")))
        .startsWith("term,role,forward_ms");
  }

  private static OpAttribution attribution(TrainingGraph tg, GraphDef def) {
    Map<String, String> values = new java.util.HashMap<>();
    tg.termValues().forEach((k, v) -> values.put(v.op().name(), k));
    return new OpAttribution(def, SCOPES, values);
  }

  /** The read op of the store variable {@code name}. */
  private static String read(GraphDef def, String name) {
    return def.getNodeList().stream()
        .map(NodeDef::getName)
        .filter(
            n ->
                n.matches("vars(_\\d+)?/" + name + "/read")
                    || n.equals("vars/" + name.replace('/', '.') + "_read"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no read of " + name));
  }
}
