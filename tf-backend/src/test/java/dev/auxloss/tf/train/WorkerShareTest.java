package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.api.params.ConfigException;
import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster named outside the config (the CLI reads the environment) is unknown to the config resolver: opening a session
 * as one of its workers still rejects a batch larger than that worker's share of the training split.
 */
class WorkerShareTest {
  @TempDir Path dir;

  @Test
  void aBatchLargerThanAWorkersShareIsRejectedBeforeTheGraphIsBuilt() {
    ExecutionTarget manyWorkers = new ExecutionTarget() {
      @Override
      public int workers() {
        return 4000; // 100 000 training examples: 25 a worker, fewer than the batch of 32
      }
    };
    assertThatThrownBy(() -> TfTrainingSession.open(TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10), dir, manyWorkers))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("data.batch_size: must be at most one worker's share of the training split "
            + "(100000 examples / 4000 workers = 25), as each worker takes whole batches of its share, found 32");
  }
}
