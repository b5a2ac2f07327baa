package dev.auxloss.tf.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.graph.TfGraphBuilder;
import dev.auxloss.tf.testing.TinyTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What {@code sync_batch_norm} adds to a two-worker step, on the graph alone (running it needs a
 * cluster: {@code SyncBatchNormIT}): one all-reduce of the layer's packed statistics in the forward
 * pass and, since the layer sits after a trained layer, one in the backward pass (the all-reduce's
 * gradient, from the one gradient dispatcher); without it, or in one process, nothing.
 */
class SyncBatchNormCollectivesTest {
  /** Static weighting: its packed backward pass and the telemetry (CollectiveReducerTest). */
  private static final int WITHOUT_SYNC = 2;

  private static final ModelFn DENSE_BN_DENSE =
      ctx -> {
        Layers l = ctx.layers();
        Operand<TFloat32> h = l.dense("in", ctx.input("x", TFloat32.class), 4, Activation.NONE);
        ctx.output(
            "logits", l.dense("out", l.batchNorm("bn", h), TinyTask.CLASSES, Activation.NONE));
      };

  private static TrainingPlan plan(boolean sync) {
    TrainingPlan tiny =
        TinyTask.plan(
            List.of(TinyTask.term("primary", Role.PRIMARY, 1, TinyTask.crossEntropy("logits"))),
            10);
    return tiny.toBuilder()
        .model("dense-bn-dense", DENSE_BN_DENSE)
        .runtime(tiny.runtime().toBuilder().syncBatchNorm(sync).build())
        .build();
  }

  @Test
  void syncedBatchNormAllReducesItsStatisticsForwardAndTheirGradientBackward() {
    List<Collective> ops = collectives(plan(true), 2);
    assertThat(ops).hasSize(WITHOUT_SYNC + 2);
    assertThat(ops).allSatisfy(c -> assertThat(c.groupSize()).isEqualTo(2));
    assertThat(ops)
        .allSatisfy(c -> assertThat(c.groupKey()).isEqualTo(CollectiveReducer.GROUP_KEY));
    assertThat(new HashSet<>(ops.stream().map(Collective::instanceKey).toList()))
        .hasSize(ops.size());
    List<String> names = ops.stream().map(Collective::name).toList();
    assertThat(names).anyMatch(n -> n.startsWith("model/")); // the statistics, forward
    assertThat(names).anyMatch(n -> n.matches("gradients(_\\d+)?/model/.*")); // their gradient
    assertThat(collectives(plan(false), 2)).hasSize(WITHOUT_SYNC);
  }

  @Test
  void inOneProcessSyncBatchNormIsANoOp() {
    assertThat(collectives(plan(true), 1)).isEmpty();
  }

  record Collective(String name, int groupSize, int groupKey, int instanceKey) {}

  private static List<Collective> collectives(TrainingPlan plan, int workers) {
    List<Collective> out = new ArrayList<>();
    try (Graph g = new Graph()) {
      TfGraphBuilder.build(plan, g, new CollectiveReducer(workers));
      g.operations()
          .forEachRemaining(
              o -> {
                if (!o.type().equals("CollectiveReduceV2")) return;
                GraphOperation op = (GraphOperation) o;
                // inputs: the tensor, then constants group_size, group_key, instance_key
                out.add(
                    new Collective(op.name(), constant(op, 1), constant(op, 2), constant(op, 3)));
              });
    }
    return out;
  }

  private static int constant(GraphOperation op, int input) {
    GraphOperation c = (GraphOperation) op.input(input).op();
    return c.attributes().getAttrValueProto("value").getTensor().getIntVal(0);
  }
}
