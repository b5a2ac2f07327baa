package dev.auxloss.bench;

import static dev.auxloss.bench.Bench.alternate;
import static dev.auxloss.bench.Bench.report;

import dev.auxloss.bench.Bench.Staged;
import dev.auxloss.bench.ProcessArms.Arm;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.runtime.TfNativeEnvironment;
import dev.auxloss.tf.train.TfTrainingSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Speed ratios of BENCHMARKS.md on cnn-ds, each set of arms side by side. S2/S3 compare two graphs
 * in one process. S1, S7 and TUNE compare runtimes, so each arm has its own JVM ({@link
 * ProcessArms}): TF sizes the intra-op pool once per process and reads oneDNN/XLA/allocator
 * settings from the environment when its natives load. {@code -Dbench.rounds} (S1/S7/TUNE: 30, 5,
 * 30 rounds).
 */
final class SpeedBenchmarks {
  static final List<String> IDS =
      List.of(
          "S1",
          "S2",
          "S3",
          "S6",
          "S6-folder",
          "S7",
          "S9",
          "MEM-stream",
          "S10",
          "S11",
          "P1",
          "P10",
          "SOAK",
          "TUNE");

  private SpeedBenchmarks() {}

  static void run(String id, Path tmp) throws Exception {
    switch (id) {
      case "S1" -> s1();
      case "S2" -> s2(tmp);
      case "S3" -> s3(tmp);
      case "S6" -> InputPipelineBench.run(tmp);
      case "S6-folder" -> InputPipelineBench.runFolder(tmp);
      case "MEM-stream" -> StreamMemory.run();
      case "S7" -> s7();
      case "S10" -> s10();
      case "S11" -> s11();
      case "S9" -> TfRecordBench.run(tmp);
      case "P1" -> ProfileBench.run(tmp);
      case "P10" -> OpTypeProfile.run(tmp);
      case "SOAK" -> Soak.run();
      case "TUNE" -> tune();
      default -> throw new IllegalArgumentException(id);
    }
  }

  /**
   * auxloss step (default runtime, its launcher's environment) / the same graph written by hand
   * with raw TF Java and a default Session in a default JVM. Also the hand graph in auxloss's
   * environment, to show how much of the gain is the environment (oneDNN).
   */
  static void s1() throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 30);
    List<Arm> arms =
        List.of(
            Arm.auxloss("auxloss_default_runtime", ""),
            Arm.untuned("hand_default_session_default_env", "hand", ""),
            new Arm(
                "hand_default_session_auxloss_env",
                "hand",
                "",
                TfNativeEnvironment.required(RuntimeSettings.defaults(), System.getenv())));
    try (ProcessArms p = new ProcessArms(arms, Bench.WARMUP)) {
      // Two head-to-heads in short alternating blocks: the best pairing this shared machine allows.
      Blocks.Times t = p.run(rounds, 2, 0, 1);
      Blocks.Times same = p.run(rounds, 2, 0, 2);
      System.out.printf(
          Locale.ROOT,
          "S1 ratio=%.3f paired=%.3f cpu_ratio=%.3f auxloss_ms=%.2f hand_ms=%.2f "
              + "goal<=1.00(<0.9 tuned) same_env_ratio=%.3f same_env_paired=%.3f same_env_cpu_ratio=%.3f rounds=%d block=2 "
              + "batch=%d%n",
          ProcessArms.ratio(t.wall(), 0, 1),
          ProcessArms.pairedRatio(t.wall(), 0, 1),
          ProcessArms.ratio(t.cpu(), 0, 1),
          ProcessArms.median(t.wall()[0]),
          ProcessArms.median(t.wall()[1]),
          ProcessArms.ratio(same.wall(), 0, 1),
          ProcessArms.pairedRatio(same.wall(), 0, 1),
          ProcessArms.ratio(same.cpu(), 0, 1),
          rounds,
          Bench.BATCH);
      for (int i = 0; i < arms.size(); i++) {
        System.out.printf(
            Locale.ROOT,
            "  arm %-34s [%s %s]%n",
            arms.get(i).label(),
            arms.get(i).kind(),
            ProcessArms.describe(arms.get(i)));
      }
    }
  }

  /** fused (one Session.run) / unfused (one run per term + one update). */
  static void s2(Path tmp) {
    try (Staged b = Staged.random();
        TfTrainingSession a = open(true, tmp);
        HandWrittenCnn h = new HandWrittenCnn(true)) {
      double[] r = alternate(() -> a.step(b.auxloss()), () -> h.unfusedStep(b.image, b.label));
      report("S2", r, "fused_ms", "unfused_ms", "goal<=0.60");
    }
  }

  /** cnn-ds with 2 aux heads / primary only, ordinary (non-summary) steps as training runs them. */
  static void s3(Path tmp) {
    try (Staged b = Staged.random();
        TfTrainingSession a = open(true, tmp);
        TfTrainingSession p = open(false, tmp)) {
      double[] r = alternate(() -> a.step(b.auxloss(), false), () -> p.step(b.auxloss(), false));
      report("S3", r, "with_heads_ms", "primary_only_ms", "goal<=1.05");
    }
  }

  /**
   * ResNet-18 (CIFAR stem, 32×32×3, batch 64) through auxloss / the same network written by hand
   * ({@link HandWrittenResNet}), each arm in its own JVM with the same environment (auxloss's
   * default runtime's), rotating A B / B A. A step is seconds here, so blocks are 2 steps and
   * {@code -Dbench.rounds} defaults to 7.
   */
  static void s10() throws Exception {
    resnetPair("S10", "resnet-auxloss", "resnet-hand", "auxloss_ms", "hand_ms", "goal<=1.00");
  }

  /**
   * ResNet-18 with its stem and stages 1–2 frozen / nothing frozen, each arm in its own JVM as
   * S10's (two sessions in one process share TF's intra-op pool and allocator, which slowed
   * whichever arm ran second in a block): the frozen prefix has no backward pass and its batch
   * norms run as at inference. Freezing stages 1–2 alone would still back-propagate through them to
   * reach a trainable stem.
   */
  static void s11() throws Exception {
    resnetPair(
        "S11",
        "resnet-auxloss-frozen",
        "resnet-auxloss",
        "frozen_ms",
        "all_trainable_ms",
        "goal<=0.75 frozen=stem,stage1,stage2");
  }

  /**
   * Two ResNet-18 arms ({@link ArmChild} kinds), each in its own JVM in auxloss's default runtime's
   * environment, 3 warm-up steps, {@code -Dbench.rounds} (default 7) rounds of 2 steps rotating.
   */
  private static void resnetPair(
      String id, String kindA, String kindB, String aName, String bName, String goal)
      throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 7);
    Map<String, String> env =
        TfNativeEnvironment.required(RuntimeSettings.defaults(), System.getenv());
    List<Arm> arms = List.of(new Arm(kindA, kindA, "", env), new Arm(kindB, kindB, "", env));
    try (ProcessArms p = new ProcessArms(arms, 3)) {
      printPair(id, p.run(rounds, 2, 0, 1), aName, bName, goal, rounds);
    }
  }

  /** {@code ID ratio paired cpu_ratio a_ms b_ms goal rounds block=2 batch load} for S10/S11. */
  private static void printPair(
      String id, Blocks.Times t, String aName, String bName, String goal, int rounds) {
    System.out.printf(
        Locale.ROOT,
        "%s ratio=%.3f paired=%.3f cpu_ratio=%.3f %s=%.1f %s=%.1f %s rounds=%d block=2 batch=%d"
            + " load=%.1f%n",
        id,
        ProcessArms.ratio(t.wall(), 0, 1),
        ProcessArms.pairedRatio(t.wall(), 0, 1),
        ProcessArms.ratio(t.cpu(), 0, 1),
        aName,
        ProcessArms.median(t.wall()[0]),
        bName,
        ProcessArms.median(t.wall()[1]),
        goal,
        rounds,
        Bench.BATCH,
        Bench.load());
  }

  /**
   * XLA on / off on CPU, each with the environment it needs (TF_XLA_FLAGS=--tf_xla_cpu_global_jit).
   */
  static void s7() throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 5);
    List<Arm> arms = List.of(Arm.auxloss("xla_on", "xla=on"), Arm.auxloss("xla_off", ""));
    try (ProcessArms p = new ProcessArms(arms, 5)) {
      Blocks.Times t = p.run(rounds, 3);
      System.out.printf(
          Locale.ROOT,
          "S7 ratio=%.3f paired=%.3f cpu_ratio=%.3f xla_on_ms=%.2f xla_off_ms=%.2f device=CPU "
              + "goal=report rounds=%d block=3 batch=%d%n",
          ProcessArms.ratio(t.wall(), 0, 1),
          ProcessArms.pairedRatio(t.wall(), 0, 1),
          ProcessArms.ratio(t.cpu(), 0, 1),
          ProcessArms.median(t.wall()[0]),
          ProcessArms.median(t.wall()[1]),
          rounds,
          Bench.BATCH);
    }
  }

  /**
   * Every runtime choice against the default, each arm in its own JVM: threads, oneDNN, grappler
   * passes, the CPU allocator, glibc arenas. All arms start and warm up together, then each
   * alternative runs head to head with the default in short alternating blocks. What the defaults
   * in RuntimeSettings were picked from.
   */
  static void tune() throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 30);
    int cores = Runtime.getRuntime().availableProcessors();
    List<Arm> arms =
        List.of(
            Arm.auxloss("default", ""),
            Arm.auxloss("onednn_off", "onednn=off"),
            Arm.auxloss("intra1_inter1", "intra=1,inter=1"),
            Arm.auxloss("inter1", "inter=1"),
            Arm.auxloss("inline_inter-1", "inter=-1"),
            Arm.auxloss("tf_default_threads", "intra=" + cores + ",inter=" + cores),
            Arm.auxloss("remapper_off", "remapper=off"),
            Arm.auxloss("layout_off", "layout=off"),
            Arm.auxloss("constfold_off", "constfold=off"),
            Arm.auxloss("bfc_allocator", "bfc=on"),
            Arm.auxloss("malloc_arena_max2", "").withEnv("MALLOC_ARENA_MAX", "2"));
    System.out.printf(
        Locale.ROOT,
        "TUNE rounds=%d block=2 batch=%d cores=%d (each arm / default, head to head; <1 is faster)%n",
        rounds,
        Bench.BATCH,
        cores);
    try (ProcessArms p = new ProcessArms(arms, Bench.WARMUP)) {
      for (int i = 1; i < arms.size(); i++) {
        Blocks.Times t = p.run(rounds, 2, i, 0);
        System.out.printf(
            Locale.ROOT,
            "TUNE %-20s ratio=%.3f paired=%.3f cpu_ratio=%.3f arm_ms=%.1f default_ms=%.1f  [%s]%n",
            arms.get(i).label(),
            ProcessArms.ratio(t.wall(), 0, 1),
            ProcessArms.pairedRatio(t.wall(), 0, 1),
            ProcessArms.ratio(t.cpu(), 0, 1),
            ProcessArms.median(t.wall()[0]),
            ProcessArms.median(t.wall()[1]),
            ProcessArms.describe(arms.get(i)));
      }
    }
  }

  static TfTrainingSession open(boolean heads, Path tmp) {
    TrainingPlan plan = SpeedArms.cnnDs(heads, RuntimeSettings.defaults());
    return TfTrainingSession.open(plan, tmp.resolve(heads ? "heads" : "primary"));
  }
}
