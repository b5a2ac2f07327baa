package dev.auxloss.tf.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.tf.testing.TinyTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint write that fails leaves no {@code .tmp-step-N}; one a killed run left goes at the
 * next save.
 */
class CheckpointWriteFailureTest {
  @TempDir Path dir;

  @Test
  void aFailedSaveLeavesNoTemporaryDirectory() throws Exception {
    Path run = nearPathMax(dir, CHECKPOINT_DIR);
    try (TfTrainingSession session =
        TfTrainingSession.open(TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10), run)) {
      // The step-2 checkpoint's directory can be made, but no file in it can be named: the save op
      // fails
      // with an OS error, as it would on a full disk.
      assertThatThrownBy(() -> session.train(false)).isInstanceOf(RuntimeException.class);
    }
    assertThat(run.resolve("checkpoints")).isDirectory();
    assertThat(names(run.resolve("checkpoints"))).isEmpty();
  }

  private static final String CHECKPOINT_DIR = "/checkpoints/.tmp-step-2";
  private static final int PATH_MAX = 4096; // Linux, with the terminating NUL

  /**
   * A directory under {@code base} such that {@code dir + suffix} is 5 characters short of
   * PATH_MAX.
   */
  static Path nearPathMax(Path base, String suffix) throws Exception {
    StringBuilder p = new StringBuilder(base.toAbsolutePath().toString());
    int need = PATH_MAX - 6 - suffix.length() - p.length();
    while (need > 0) {
      int c = need > 250 ? 200 : need - 1; // components of at most 255 characters
      p.append('/').append("d".repeat(c));
      need -= c + 1;
    }
    return Files.createDirectories(Path.of(p.toString()));
  }

  @Test
  void aResumedRunRemovesTheHalfWrittenSaveOfAKilledOne() throws Exception {
    var plan = TinyTask.plan(TinyTask.primaryAndTwoHeads(), 10);
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      run.train(false);
    }
    // what a process killed while saving step 20 leaves
    Path stale = Files.createDirectories(dir.resolve("checkpoints/.tmp-step-20"));
    Files.writeString(stale.resolve("ckpt.index.tempstate123"), "half");
    try (TfTrainingSession run =
        TfTrainingSession.open(
            plan.toBuilder().training(dev.auxloss.config.TrainingSettings.of(20)).build(), dir)) {
      run.train(true);
    }
    assertThat(names(dir.resolve("checkpoints")))
        .contains("step-20")
        .noneMatch(n -> n.startsWith(".tmp-step-"));
  }

  private static java.util.List<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
