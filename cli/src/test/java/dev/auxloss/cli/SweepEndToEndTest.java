package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.cli.sweep.TrialWork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sweep, in process: two aux weights × two seeds of a 4-step cnn-ds on synthetic images. The
 * trials are the grid with the seeds set; sweep.json's numbers follow from each trial's own
 * validation output; only the best setting's trials were evaluated on test; a sweep killed with one
 * trial half-trained and one never started resumes those two and keeps the rest.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepEndToEndTest {
  static final String CONFIG =
      """
      name: "tiny"
      model { name: "cnn-ds" }
      data {
        dataset: "synthetic-images"
        batch_size: 16
        param { name: "train_size" number: 48 }
        param { name: "validation_size" number: 32 }
        param { name: "test_size" number: 32 }
      }
      loss { key: "vision.cross_entropy" }
      loss {
        key: "vision.aux_classifier"
        name: "aux"
        weight: 0.3
        param { name: "endpoint" text: "block1/features" }
        param { name: "head" text: "small" }
      }
      optimizer { learning_rate: 0.01 }
      training { steps: 4 checkpoint_every: 2 eval_every: 4 summary_every: 2 }
      """;
  static final List<String> TRIALS = List.of("s1-seed1", "s1-seed2", "s2-seed1", "s2-seed2");

  @TempDir static Path tmp;

  static Path sweep() {
    return tmp.resolve("sweep");
  }

  static Cli runSweep(String... more) throws Exception {
    Path config = Files.writeString(tmp.resolve("tiny.pbtxt"), CONFIG);
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "sweep",
                "--config",
                config.toString(),
                "--vary",
                "loss[aux].weight=0,1.5",
                "--seeds",
                "2",
                "--baseline",
                "loss[aux].weight=1.5",
                "--out",
                sweep().toString(),
                "--in-process"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void theGridTimesTheSeedsIsTrainedAndReported() throws Exception {
    Cli r = runSweep();
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    try (Stream<Path> s = Files.list(sweep())) {
      assertThat(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(TRIALS);
    }
    String s2seed1 = Files.readString(sweep().resolve("s2-seed1/trial.pbtxt"));
    assertThat(s2seed1).contains("seed: 1\n").containsPattern("name: \"aux\"\\s+weight: 1.5");
    String s1seed2 = Files.readString(sweep().resolve("s1-seed2/trial.pbtxt"));
    assertThat(s1seed2).contains("seed: 2\n").containsPattern("name: \"aux\"\\s+weight: 0.0");
    List<String> csv = Files.readAllLines(sweep().resolve("sweep.csv"));
    assertThat(csv.get(0))
        .isEqualTo("trial,setting,loss[aux].weight,seed,metric,validation,test,status");
    assertThat(csv.subList(1, csv.size()))
        .extracting(l -> l.split(",")[0])
        .containsExactlyElementsOf(TRIALS);
    assertThat(csv.get(3)).startsWith("s2-seed1,s2,1.5,1,accuracy,").endsWith(",done");
    Map<String, Double> validation = new LinkedHashMap<>();
    for (String id : TRIALS) {
      double v =
          TrialWork.metrics(sweep().resolve(id + "/validation.txt")).orElseThrow().get("accuracy");
      validation.put(id, v);
      assertThat(row(csv, id)[5]).isEqualTo(String.valueOf(v));
    }
    assertThat(sweep().resolve("sweep.png")).isNotEmptyFile();
    checkJson(validation, csv);
  }

  /**
   * sweep.json against the trials' own validation outputs: means, the paired interval, best, test.
   */
  private static void checkJson(Map<String, Double> v, List<String> csv) throws Exception {
    String json = Files.readString(sweep().resolve("sweep.json"));
    assertThat(json)
        .contains("\"metric\": \"accuracy\"", "\"baseline\": \"s2\"", "\"finished\": 4");
    double d1 = v.get("s1-seed1") - v.get("s2-seed1");
    double d2 = v.get("s1-seed2") - v.get("s2-seed2");
    double mean = (d1 + d2) / 2;
    double half =
        12.7062
            * Math.abs(d1 - d2)
            / Math.sqrt(2)
            / Math.sqrt(2); // sd of two values = |d1 − d2| / √2
    Map<?, ?> root = (Map<?, ?>) dev.auxloss.cli.run.Json.parse(json);
    Map<?, ?> s1 = (Map<?, ?>) ((List<?>) root.get("settings")).get(0);
    Map<?, ?> vs = (Map<?, ?>) s1.get("vs_baseline");
    assertThat(((Number) vs.get("mean")).doubleValue()).isCloseTo(mean, within(1e-5));
    List<?> ci = (List<?>) vs.get("ci95");
    assertThat(((Number) ci.get(0)).doubleValue()).isCloseTo(mean - half, within(1e-4));
    assertThat(((Number) ci.get(1)).doubleValue()).isCloseTo(mean + half, within(1e-4));

    String best =
        (v.get("s2-seed1") + v.get("s2-seed2")) > (v.get("s1-seed1") + v.get("s1-seed2"))
            ? "s2"
            : "s1";
    Map<?, ?> b = (Map<?, ?>) root.get("best");
    assertThat(b.get("id")).isEqualTo(best);
    // Test: evaluated for the best setting's trials only; train itself never evaluated test.
    double testSum = 0;
    for (String id : TRIALS) {
      boolean isBest = id.startsWith(best + "-");
      assertThat(sweep().resolve(id + "/test.txt")).as(id).matches(p -> Files.exists(p) == isBest);
      assertThat(Files.readString(sweep().resolve(id + "/run/run.json")))
          .contains("\"test\": null");
      if (isBest) {
        double t =
            TrialWork.metrics(sweep().resolve(id + "/test.txt")).orElseThrow().get("accuracy");
        testSum += t;
        assertThat(row(csv, id)[6]).isEqualTo(String.valueOf(t));
      } else {
        assertThat(row(csv, id)[6]).isEmpty();
      }
    }
    Map<?, ?> test = (Map<?, ?>) b.get("test");
    assertThat(((Number) test.get("mean")).doubleValue()).isCloseTo(testSum / 2, within(1e-5));
  }

  @Test
  @Order(2)
  void aKilledSweepResumesItsUnfinishedTrialsAndKeepsTheRest() throws Exception {
    // s2-seed2 killed after its step-2 checkpoint, before evaluation; s1-seed2 never started.
    Path half = sweep().resolve("s2-seed2");
    killAfterStep2(half);
    try (Stream<Path> s = Files.walk(sweep().resolve("s1-seed2"))) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
    Files.delete(sweep().resolve("sweep.json"));
    String keptLog = Files.readString(sweep().resolve("s1-seed1/trial.log"));
    String keptValidation = Files.readString(sweep().resolve("s2-seed1/validation.txt"));

    Cli r = runSweep("--resume");

    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(Files.readString(half.resolve("trial.log"))).contains("resuming at step 2 of 4");
    assertThat(sweep().resolve("s1-seed2/validation.txt")).exists();
    assertThat(Files.readString(sweep().resolve("s1-seed1/trial.log"))).isEqualTo(keptLog);
    assertThat(Files.readString(sweep().resolve("s2-seed1/validation.txt")))
        .isEqualTo(keptValidation);
    assertThat(Files.readString(sweep().resolve("sweep.json"))).contains("\"finished\": 4");
  }

  @Test
  @Order(3)
  void resumeWithAnotherGridIsRefused() throws Exception {
    Path config = tmp.resolve("tiny.pbtxt");
    Cli r =
        Cli.run(
            "sweep",
            "--config",
            config.toString(),
            "--vary",
            "loss[aux].weight=0,1.5",
            "--seeds",
            "2",
            "--vary",
            "optimizer.learning_rate=0.5",
            "--out",
            sweep().toString(),
            "--resume",
            "--in-process");
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .startsWith(
            "auxloss: error: --resume: " + sweep().resolve("s1-seed1/trial.pbtxt") + " differs");
  }

  private static String[] row(List<String> csv, String id) {
    return csv.stream()
        .filter(l -> l.startsWith(id + ","))
        .findFirst()
        .orElseThrow()
        .split(",", -1);
  }

  /**
   * Makes a finished 4-step trial look killed after its step-2 checkpoint, before evaluation: its
   * results, its step-4 checkpoint and the "finished" mark of its run report are removed (all files
   * the test's own sweep wrote).
   */
  static void killAfterStep2(Path trial) throws java.io.IOException {
    Files.delete(trial.resolve("validation.txt"));
    Files.deleteIfExists(trial.resolve("test.txt"));
    try (Stream<Path> s = Files.walk(trial.resolve("run/checkpoints/step-4"))) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
    Path report = trial.resolve("run/run.json");
    Files.writeString(
        report, Files.readString(report).replace("\"finished\": true", "\"finished\": false"));
  }
}
