package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.tf.summary.TfEventReader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;

/**
 * {@code auxloss train} in a child JVM is killed with SIGKILL some steps after a checkpoint, then
 * {@code --resume}d: the run keeps one history. metrics.csv holds every step once, in order; the
 * new TensorBoard file opens with a SessionLog START right after the restored step (so TensorBoard
 * drops what the killed run logged past it); run.json covers both segments, every validation and
 * the whole weight trajectory.
 */
class ResumeHistoryTest {
  static final String CONFIG =
      """
      name: "killed"
      model { name: "cnn-ds" }
      data {
        dataset: "synthetic-images"
        batch_size: 8
        param { name: "train_size" number: 64 }
        param { name: "validation_size" number: 8 }
        param { name: "test_size" number: 16 }
      }
      loss { key: "vision.cross_entropy" }
      loss { key: "vision.aux_classifier" weight: 0.3 param { name: "endpoint" text: "block1/features" } }
      training { steps: 100000 checkpoint_every: 10 eval_every: 10 summary_every: 1 }
      """;
  private static final int EVERY = 10;

  @TempDir Path tmp;

  @Test
  void aKilledAndResumedRunKeepsOneHistory() throws Exception {
    Path config = Files.writeString(tmp.resolve("killed.pbtxt"), CONFIG);
    Path run = tmp.resolve("run");
    Path csv = run.resolve("metrics.csv");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                AuxlossCli.class.getName(),
                "train",
                "--config",
                config.toString(),
                "--out",
                run.toString())
            .redirectOutput(new File("/dev/null"))
            .redirectError(tmp.resolve("child.err").toFile())
            .start();
    // Kill once the child has logged a few steps past its second checkpoint: those rows and points
    // are
    // what a resume must not show twice.
    long deadline = System.currentTimeMillis() + 180_000;
    while (child.isAlive()
        && System.currentTimeMillis() < deadline
        && lastLoggedStep(csv) < 2 * EVERY + 3) {
      Thread.sleep(20);
    }
    assertThat(child.isAlive())
        .as("child still training: %s", Files.readString(tmp.resolve("child.err")))
        .isTrue();
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    long killedAt = lastLoggedStep(csv);
    long restored = newestCheckpoint(run);
    assertThat(killedAt).as("rows past the checkpoint").isGreaterThan(restored);
    Path killedEvents = eventFiles(run).get(0);
    assertThat(TfEventReader.scalars(killedEvents).get("loss/total")).containsKey(killedAt);

    long total = killedAt + 4;
    Cli resumed = Cli.resume(config, run, total);
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("resuming at step " + restored + " of " + total);

    assertThat(steps(csv))
        .as("metrics.csv steps")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());

    List<Path> files = eventFiles(run);
    assertThat(files).hasSize(2);
    Event start = TfEventReader.events(files.get(1)).get(1);
    assertThat(start.getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
    assertThat(start.getStep()).isEqualTo(restored + 1);

    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-step-"));
    }

    String json = Files.readString(run.resolve("run.json"));
    assertThat(json).contains("\"final_step\": " + total, "\"finished\": true");
    List<long[]> segments = new ArrayList<>();
    Matcher m = Pattern.compile("\"start_step\": (\\d+),\\s*\"end_step\": (\\d+)").matcher(json);
    while (m.find())
      segments.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
    assertThat(segments).containsExactly(new long[] {0, restored}, new long[] {restored, total});
    // the weight trajectory starts at the killed segment's first step, not at the resume
    assertThat(json).contains("\"weight_trajectory\": [[1, 0.3]");
    // every validation once, the one at the restored step too (it ran after that checkpoint was
    // written)
    List<Long> evals = new ArrayList<>();
    Matcher e = Pattern.compile("\"step\": (\\d+),\\s*\"split\": \"validation\"").matcher(json);
    while (e.find()) evals.add(Long.parseLong(e.group(1)));
    assertThat(evals)
        .containsExactlyElementsOf(
            LongStream.iterate(EVERY, s -> s < total, s -> s + EVERY).boxed().toList());
  }

  /** The step of the last complete row, 0 before any. */
  private static long lastLoggedStep(Path csv) throws Exception {
    List<Long> s = steps(csv);
    return s.isEmpty() ? 0 : s.get(s.size() - 1);
  }

  /** The step column of every complete (newline-terminated) row. */
  private static List<Long> steps(Path csv) throws Exception {
    if (!Files.exists(csv)) return List.of();
    String text = Files.readString(csv);
    List<Long> steps = new ArrayList<>();
    String[] lines = text.substring(0, text.lastIndexOf('\n') + 1).split("\n");
    for (int i = 1; i < lines.length; i++) steps.add(Long.parseLong(lines[i].split(",", 2)[0]));
    return steps;
  }

  private static long newestCheckpoint(Path run) throws Exception {
    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("step-\\d+"))
          .mapToLong(n -> Long.parseLong(n.substring(5)))
          .max()
          .orElseThrow();
    }
  }

  /** The event files, oldest first (their names start with the creation second). */
  private static List<Path> eventFiles(Path run) throws Exception {
    try (Stream<Path> s = Files.list(run.resolve("tensorboard"))) {
      return s.sorted().toList();
    }
  }
}
