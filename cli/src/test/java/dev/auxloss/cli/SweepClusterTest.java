package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.cli.sweep.ClaimedTrials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trial per worker of a cluster, two workers simulated by two sweeps in this JVM (the hidden
 * {@code --cluster} stands for AUXLOSS_CLUSTER): each trial runs once on one of them, the chief
 * alone writes the reports a single-machine sweep writes from the same trials, and a trial a killed
 * worker left half done is run again by whoever resumes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepClusterTest {
  static final String TWO_WORKERS = "127.0.0.1:1,127.0.0.1:2;task=";

  @TempDir static Path tmp;

  static Path single() {
    return tmp.resolve("single");
  }

  static Path shared() {
    return tmp.resolve("shared");
  }

  static Cli sweep(Path out, String... more) throws Exception {
    return sweepWith(out, List.of("--seeds", "2", "--baseline", "loss[aux].weight=1.5"), more);
  }

  /** {@code auxloss sweep} in process over the tiny config's aux weights 0 and 1.5. */
  private static Cli sweepWith(Path out, List<String> options, String... more) throws Exception {
    Path config = tmp.resolve("tiny.pbtxt");
    if (!Files.exists(config)) Files.writeString(config, SweepEndToEndTest.CONFIG);
    List<String> args =
        new ArrayList<>(
            List.of("sweep", "--config", config.toString(), "--vary", "loss[aux].weight=0,1.5"));
    args.addAll(options);
    args.addAll(List.of("--out", out.toString(), "--in-process"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  static Cli worker(int task, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("--cluster", TWO_WORKERS + task));
    args.addAll(List.of(more));
    return sweep(shared(), args.toArray(String[]::new));
  }

  /** The trials a worker printed as run by itself. */
  static List<String> ran(Cli r, int task) {
    Matcher m = Pattern.compile("trial (\\S+) on worker " + task + ": done").matcher(r.out());
    List<String> out = new ArrayList<>();
    while (m.find()) out.add(m.group(1));
    return out;
  }

  @Test
  @Order(1)
  void twoWorkersShareTheTrialsAndTheChiefReportsWhatOneMachineWould() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Cli chief;
    Cli other;
    try {
      Future<Cli> c = pool.submit(() -> worker(0));
      Future<Cli> w = pool.submit(() -> worker(1));
      chief = c.get();
      other = w.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(chief.code()).as(chief.err() + chief.out()).isZero();
    assertThat(other.code()).as(other.err() + other.out()).isZero();
    List<String> both = new ArrayList<>(ran(chief, 0));
    both.addAll(ran(other, 1));
    assertThat(both).containsExactlyInAnyOrderElementsOf(SweepEndToEndTest.TRIALS);
    assertThat(other.out()).doesNotContain("sweep.csv").contains("the chief (worker 0) writes");
    assertThat(chief.out()).contains("wrote " + shared().resolve("sweep.csv"));
    for (String id : SweepEndToEndTest.TRIALS) {
      assertThat(Files.readString(shared().resolve(id + "/trial.log")))
          .as(id + " trained once")
          .containsOnlyOnce("done: 4 steps")
          .doesNotContain("resuming");
      assertThat(shared().resolve(id + "/" + ClaimedTrials.FAILED_FILE)).doesNotExist();
    }
    // One machine given the same trials writes the same reports. (In-process trials are compared
    // by their files, not re-trained: a run's float sums depend on what the JVM ran before it.)
    copyTrials(shared(), single());
    Cli one = sweep(single(), "--resume");
    assertThat(one.code()).as(one.err() + one.out()).isZero();
    for (String report : List.of("sweep.csv", "sweep.json")) {
      assertThat(Files.readString(shared().resolve(report)))
          .as(report)
          .isEqualTo(Files.readString(single().resolve(report)));
    }
  }

  private static void copyTrials(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path rel = from.relativize(p);
        if (rel.toString().startsWith("sweep.")) continue;
        if (Files.isDirectory(p)) Files.createDirectories(to.resolve(rel));
        else Files.copy(p, to.resolve(rel));
      }
    }
  }

  @Test
  @Order(2)
  void aTrialOfAKilledWorkerIsRunAgainByWhoeverResumes() throws Exception {
    // worker 1 killed in s2-seed2 after its step-2 checkpoint; the chief's reports not yet written
    Path half = shared().resolve("s2-seed2");
    SweepEndToEndTest.killAfterStep2(half);
    Files.delete(shared().resolve("sweep.csv"));
    Files.delete(shared().resolve("sweep.json"));

    Cli other = worker(1, "--resume");

    assertThat(other.code()).as(other.err() + other.out()).isZero();
    assertThat(ran(other, 1)).containsExactly("s2-seed2");
    assertThat(Files.readString(half.resolve("trial.log"))).contains("resuming at step 2 of 4");
    assertThat(shared().resolve("sweep.csv")).as("only the chief reports").doesNotExist();

    Cli chief = worker(0, "--resume");

    assertThat(chief.code()).as(chief.err() + chief.out()).isZero();
    assertThat(ran(chief, 0)).isEmpty();
    assertThat(Files.readString(shared().resolve("sweep.json"))).contains("\"finished\": 4");
  }

  @Test
  @Order(3)
  void aSecondWorkerIsNotRefusedByTheSweepLockButASingleMachineSweepIs() throws Exception {
    // every trial has a result: a worker started late finds nothing to do and is not "in use"
    Cli late = worker(1);
    assertThat(late.code()).as(late.err() + late.out()).isZero();
    assertThat(ran(late, 1)).isEmpty();
    Cli plain = sweep(shared());
    assertThat(plain.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(plain.err()).contains("already holds files");
  }

  @Test
  @Order(4)
  void aFailedTrialIsLeftToResumeAndTheChiefReportsIt() throws Exception {
    Path dir = tmp.resolve("failing");
    Path blocker = Files.createDirectories(dir.resolve("s1-seed1")).resolve("run");
    Files.writeString(blocker, "a file where train wants its run directory");
    String[] oneSeed = {"--seeds", "1", "--baseline", "loss[aux].weight=0"};

    Cli other = workerIn(dir, 1, oneSeed);
    assertThat(other.code()).as(other.err() + other.out()).isZero();
    assertThat(other.out()).contains("trial s1-seed1 on worker 1: failed");
    assertThat(ran(other, 1)).containsExactly("s2-seed1");
    assertThat(dir.resolve("s1-seed1/" + ClaimedTrials.FAILED_FILE)).exists();

    Cli chief = workerIn(dir, 0, oneSeed);
    assertThat(chief.code()).as(chief.out()).isEqualTo(ExitCodes.INTERNAL);
    assertThat(chief.out()).as("no retry before --resume").doesNotContain("on worker 0");
    assertThat(chief.err()).contains("1 of 2 trials failed");
    assertThat(Files.readAllLines(dir.resolve("sweep.csv")))
        .anyMatch(l -> l.startsWith("s1-seed1,") && l.endsWith(",failed"));

    Files.delete(blocker);
    Cli resumed = workerIn(dir, 0, "--seeds", "1", "--baseline", "loss[aux].weight=0", "--resume");
    assertThat(resumed.code()).as(resumed.err() + resumed.out()).isZero();
    assertThat(ran(resumed, 0)).containsExactly("s1-seed1");
    assertThat(dir.resolve("s1-seed1/" + ClaimedTrials.FAILED_FILE)).doesNotExist();
  }

  static Cli workerIn(Path dir, int task, String... more) throws Exception {
    return sweepWith(dir, List.of("--cluster", TWO_WORKERS + task), more);
  }
}
