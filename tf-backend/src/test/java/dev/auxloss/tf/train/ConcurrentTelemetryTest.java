package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A telemetry reader on another thread, on the same session, while training runs. */
class ConcurrentTelemetryTest {
  @TempDir Path dir;

  @Test
  void readerThreadSeesFiniteValuesWhileTrainingRuns() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    try (TfTrainingSession run =
        TfTrainingSession.open(TinyTask.plan(TinyTask.primaryAndTwoHeads(), 300), dir)) {
      run.session().initialize();
      var batch = TinyTask.Data.batch(new Random(3), 16);
      Future<?> reader =
          pool.submit(
              () -> {
                while (!done.get()) {
                  Map<String, Double> m = run.peek(batch);
                  assertThat(m.get("term/primary/raw")).isFinite();
                  assertThat(run.globalStep()).isBetween(0L, 300L);
                  reads.incrementAndGet();
                }
                return null;
              });
      run.train(true);
      done.set(true);
      reader.get();
      assertThat(run.globalStep()).isEqualTo(300);
    } finally {
      pool.shutdownNow();
    }
    assertThat(reads.get()).isGreaterThan(10);
  }
}
