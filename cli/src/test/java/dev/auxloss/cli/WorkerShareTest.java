package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.params.ConfigException;
import dev.auxloss.tf.distributed.ClusterSpec;
import dev.auxloss.tf.testing.TinyTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster named outside the config (the CLI reads the environment) is unknown to the config
 * resolver: the train command still rejects a batch larger than a worker's share of the training
 * split before building a graph.
 */
class WorkerShareTest {
  private static ClusterSpec workers(int n) {
    List<String> w = new ArrayList<>();
    for (int i = 0; i < n; i++) w.add("localhost:" + (2000 + i));
    return new ClusterSpec(w, 0);
  }

  @Test
  void aBatchLargerThanAWorkersShareIsRejected() {
    // 100 000 training examples: 25 a worker, fewer than the batch of 32
    assertThatThrownBy(
            () ->
                TrainCommand.requireShare(
                    TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10), workers(4000)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "data.batch_size: must be at most one worker's share of the training split "
                + "(100000 examples / 4000 workers = 25), as each worker takes whole batches of its share, found 32");
  }

  @Test
  void aBatchWithinTheShareIsAccepted() {
    assertThatCode(
            () ->
                TrainCommand.requireShare(
                    TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10), workers(2)))
        .doesNotThrowAnyException();
  }
}
