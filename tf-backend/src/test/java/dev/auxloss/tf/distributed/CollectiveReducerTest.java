package dev.auxloss.tf.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.graph.TfGraphBuilder;
import dev.auxloss.tf.testing.TinyTask;
import dev.auxloss.tf.weighting.DwaWeighting;
import dev.auxloss.tf.weighting.PcGradWeighting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.ServerDef;
import org.tensorflow.types.TFloat32;

/**
 * The all-reduce the cluster builds into the step, checked on the graph alone: running it needs a
 * TF server, which listens on every interface, so that is left to the integration tests (they run
 * in a private network namespace).
 */
class CollectiveReducerTest {
  // Every backward pass's gradients are packed into one all-reduce, and so is the telemetry.
  static final int TELEMETRY = 1;

  @Test
  void staticWeightingAllReducesItsOneBackwardPassAndTheTelemetry() {
    assertThat(collectives(TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10)).count())
        .isEqualTo(1 + TELEMETRY);
  }

  @Test
  void perTermStrategiesAllReduceEachTermsBackwardPass() {
    TrainingPlan pcgrad =
        TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10).toBuilder()
            .weighting("pcgrad", new PcGradWeighting())
            .build();
    // three terms, three passes; + the three term values as the strategy observes them, packed
    assertThat(collectives(pcgrad).count()).isEqualTo(3 + TELEMETRY + 1);
  }

  @Test
  void localCombinationAllReducesOnlyTheCombinedGradientLikeStaticWeighting() {
    TrainingPlan tiny = TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10);
    TrainingPlan local =
        tiny.toBuilder()
            .weighting("pcgrad", new PcGradWeighting())
            .runtime(tiny.runtime().toBuilder().localCombination(true).build())
            .build();
    assertThat(collectives(local).count()).isEqualTo(1 + TELEMETRY);
  }

  @Test
  void lossBasedStrategiesObserveTheWorkersMeanLossSoAllTakeTheSameDecision() {
    TrainingPlan dwa =
        TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10).toBuilder()
            .weighting("dwa", new DwaWeighting(DwaWeighting.Options.DEFAULTS))
            .build();
    // static weighting's collectives + the three observed term values, packed into one
    assertThat(collectives(dwa).count()).isEqualTo(1 + TELEMETRY + 1);
  }

  @Test
  void everyCollectiveIsAMeanOverTheGroupWithItsOwnInstanceKey() {
    Found f = collectives(TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10));
    assertThat(f.kinds()).containsOnly("merge Add, final Div, group size 2, group key 1");
    assertThat(new HashSet<>(f.instanceKeys())).hasSize(f.count());
  }

  @Test
  void packingReducesManyTensorsWithOneCollectiveAndKeepsTheirShapes() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      List<Operand<TFloat32>> xs =
          List.of(
              tf.constant(new float[][] {{1, 2}, {3, 4}}),
              tf.constant(5f),
              tf.constant(new float[] {6, 7, 8}));
      List<Operand<TFloat32>> means = new CollectiveReducer(2).meanAll(tf, xs);
      List<GraphOperation> reduces = new ArrayList<>();
      g.operations()
          .forEachRemaining(
              op -> {
                if (op.type().equals("CollectiveReduceV2")) reduces.add((GraphOperation) op);
              });
      assertThat(reduces).hasSize(1);
      // Running the collective needs a cluster: feed its input back as its output (a group of one).
      GraphOperation reduce = reduces.get(0);
      try (Session s = new Session(g);
          TFloat32 packed = fetch(s, reduce.input(0));
          Result r =
              s.runner()
                  .feed(reduce.output(0), packed)
                  .fetch(means.get(0))
                  .fetch(means.get(1))
                  .fetch(means.get(2))
                  .run()) {
        assertThat(packed.shape().asArray()).containsExactly(8);
        assertThat(((TFloat32) r.get(0)).shape().asArray()).containsExactly(2, 2);
        assertThat(((TFloat32) r.get(0)).getFloat(1, 0)).isEqualTo(3f);
        assertThat(((TFloat32) r.get(1)).shape().numDimensions()).isZero();
        assertThat(((TFloat32) r.get(1)).getFloat()).isEqualTo(5f);
        assertThat(((TFloat32) r.get(2)).getFloat(2)).isEqualTo(8f);
      }
    }
  }

  private static TFloat32 fetch(Session s, org.tensorflow.Output<?> x) {
    try (Result r = s.runner().fetch(x).run()) {
      TFloat32 v = (TFloat32) r.get(0);
      float[] data = new float[(int) v.shape().size()];
      v.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(data, false, false));
      return TFloat32.vectorOf(data);
    }
  }

  @Test
  void oneWorkerNeedsNoCollective() {
    try (Graph g = new Graph()) {
      TfGraphBuilder.build(
          TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10), g, new CollectiveReducer(1));
      List<String> types = new ArrayList<>();
      g.operations().forEachRemaining(op -> types.add(op.type()));
      assertThat(types).doesNotContain("CollectiveReduceV2");
    }
  }

  @Test
  void sessionAndServerConfigsKeepTheWorkerToItsTaskAndNameTheLeader() {
    ClusterSpec spec = new ClusterSpec(List.of("127.0.0.1:2222", "127.0.0.1:2223"), 1);
    ClusterOptions o =
        new ClusterOptions(
            Duration.ofMillis(500), 2, Duration.ofMinutes(5), Duration.ofSeconds(30));
    ConfigProto base =
        ConfigProto.newBuilder().setIntraOpParallelismThreads(1).addDeviceFilters("/job:x").build();
    ConfigProto c = ClusterServer.sessionConfig(spec, o, base);
    assertThat(c.getDeviceFiltersList()).containsExactly("/job:worker/task:1");
    assertThat(c.getExperimental().getCollectiveGroupLeader())
        .isEqualTo("/job:worker/replica:0/task:0");
    assertThat(c.getOperationTimeoutInMs()).isEqualTo(30_000);
    assertThat(c.getIntraOpParallelismThreads()).isEqualTo(1);
    ServerDef def = ClusterServer.serverDef(spec, c);
    assertThat(def.getJobName()).isEqualTo("worker");
    assertThat(def.getTaskIndex()).isEqualTo(1);
    assertThat(def.getCluster().getJob(0).getTasksMap())
        .containsEntry(0, "127.0.0.1:2222")
        .containsEntry(1, "127.0.0.1:2223");
    assertThat(def.getDefaultSessionConfig()).isEqualTo(c);
  }

  record Found(List<String> kinds, List<Integer> instanceKeys) {
    int count() {
      return kinds.size();
    }
  }

  /** The CollectiveReduceV2 ops of the plan's step built for two workers. */
  private static Found collectives(TrainingPlan plan) {
    Found f = new Found(new ArrayList<>(), new ArrayList<>());
    try (Graph g = new Graph()) {
      TfGraphBuilder.build(plan, g, new CollectiveReducer(2));
      List<GraphOperation> ops = new ArrayList<>();
      g.operations()
          .forEachRemaining(
              op -> {
                if (op.type().equals("CollectiveReduceV2")) ops.add((GraphOperation) op);
              });
      for (GraphOperation op : ops) {
        // inputs: the tensor, then constants group_size, group_key, instance_key
        f.kinds()
            .add(
                "merge "
                    + op.attributes().getAttrString("merge_op")
                    + ", final "
                    + op.attributes().getAttrString("final_op")
                    + ", group size "
                    + constant(op, 1)
                    + ", group key "
                    + constant(op, 2));
        f.instanceKeys().add(constant(op, 3));
      }
    }
    return f;
  }

  private static int constant(GraphOperation op, int input) {
    GraphOperation c = (GraphOperation) op.input(input).op();
    return c.attributes().getAttrValueProto("value").getTensor().getIntVal(0);
  }
}
