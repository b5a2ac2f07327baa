package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * The short CI version of the soak benchmark: every batch carries a 512 KB field, so a leaked feed
 * tensor or result would grow the process by ~250 MB over the measured steps. Fails on clear growth
 * of the resident set after warm-up.
 */
class NativeMemoryTest {
  @TempDir Path dir;

  @Test
  void residentSetStaysFlatAfterWarmUp() throws Exception {
    List<Long> rss = new ArrayList<>();
    var plan =
        TinyTask.plan(TinyTask.primaryAndTwoHeads(), 600).toBuilder()
            .training(
                TrainingSettings.builder()
                    .steps(600)
                    .checkpointEvery(600)
                    .summaryEvery(10)
                    .keepCheckpoints(1)
                    .build())
            .build();
    var padded = new TrainingPlanWithPadding(plan.dataset());
    try (TfTrainingSession run =
        TfTrainingSession.open(plan.toBuilder().dataset("padded", padded).build(), dir)) {
      run.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              if (m.step() == 150 || m.step() == 600) rss.add(residentKb());
            }
          });
      run.train(false);
    }
    double growth = (rss.get(1) - rss.get(0)) / (double) rss.get(0);
    assertThat(growth)
        .as("RSS %d kB after warm-up, %d kB at the end", rss.get(0), rss.get(1))
        .isLessThan(0.10);
  }

  static long residentKb() {
    System
        .gc(); // unreachable tensors are freed by JavaCPP's GC hook; count only what is still held
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  /** The tiny task plus an unused 4096-float field per example (fed every step). */
  static final class TrainingPlanWithPadding implements Dataset {
    private final Dataset inner;

    TrainingPlanWithPadding(Dataset inner) {
      this.inner = inner;
    }

    @Override
    public List<TensorSpec> specs() {
      List<TensorSpec> s = new ArrayList<>(inner.specs());
      s.add(new TensorSpec("pad", TFloat32.class, Shape.of(4096)));
      return s;
    }

    @Override
    public int size(Split split) {
      return inner.size(split);
    }

    @Override
    public Iterator<Batch> batches(Split split, int batchSize, long seed) {
      Iterator<Batch> it = inner.batches(split, batchSize, seed);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Batch next() {
          Batch b = it.next();
          Map<String, HostTensor> f = new HashMap<>(b.fields());
          f.put("pad", HostTensor.floats(new float[b.size() * 4096], b.size(), 4096));
          return new Batch(f);
        }
      };
    }
  }
}
