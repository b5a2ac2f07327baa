package dev.auxloss.tf.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.config.RuntimeSettings;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.OptimizerOptions;

/**
 * TF Java 1.1.0 was generated with protobuf 3.21.9; the project pins protobuf-java 4.x. TF's own
 * protos must build, serialise and be accepted by the native runtime with the pinned version.
 */
class ProtobufCompatibilityTest {
  @Test
  void tfProtosRoundTripWithThePinnedProtobuf() throws Exception {
    ConfigProto c =
        TfSessionConfig.of(
            RuntimeSettings.builder().xla(true).intraOpThreads(2).interOpThreads(1).build());
    ConfigProto back = ConfigProto.parseFrom(c.toByteArray());
    assertThat(back.getGraphOptions().getOptimizerOptions().getGlobalJitLevel())
        .isEqualTo(OptimizerOptions.GlobalJitLevel.ON_1);
    assertThat(com.google.protobuf.RuntimeVersion.MAJOR)
        .as("protobuf-java major version")
        .isEqualTo(4);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      tf.withName("two").math.add(tf.constant(1f), tf.constant(1f));
      GraphDef def = g.toGraphDef();
      MetaGraphDef meta = MetaGraphDef.newBuilder().setGraphDef(def).build();
      assertThat(MetaGraphDef.parseFrom(meta.toByteArray()).getGraphDef().getNodeList())
          .anyMatch(n -> n.getName().equals("two"));
      try (Session s = new Session(g, TfSessionConfig.of(RuntimeSettings.defaults()))) {
        s.run("two");
      }
    }
  }
}
