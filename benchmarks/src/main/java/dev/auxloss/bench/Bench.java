package dev.auxloss.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code ./bench [--allow-load] ID...}: prints one line per id, {@code ID ratio=R ...}, between the
 * load average before and after it; an id whose blocks stayed busy ({@link LoadGate}) prints {@code
 * ID refused: ...} instead and the exit code is 3. Speed ids measure two arms side by side in one
 * process (A B, B A, … blocks, medians of per-step time), on pre-staged tensors, because this
 * machine is shared and noisy: only ratios are reported.
 */
public final class Bench {
  static final int BATCH = 64;
  static final int WARMUP = 15;
  static final int BLOCK = 20;
  static final int ROUNDS = Integer.getInteger("bench.rounds", 7);

  public static void main(String[] argv) throws Exception {
    List<String> args = new ArrayList<>(List.of(argv));
    if (args.remove("--allow-load")) LoadGate.allowLoad = true;
    List<String> known = new ArrayList<>(SpeedBenchmarks.IDS);
    known.addAll(WeightingBenchmarks.IDS);
    known.addAll(ClusterBenchmarks.IDS);
    known.addAll(LearningBenchmarks.IDS);
    if (args.isEmpty()) {
      System.err.println("usage: ./bench [--allow-load] ID...   known: " + String.join(" ", known));
      System.exit(2);
    }
    for (String id : args) {
      if (!known.contains(id)) {
        System.err.println("unknown benchmark id '" + id + "'; known: " + String.join(" ", known));
        System.exit(2);
      }
    }
    Path tmp = Files.createTempDirectory("auxloss-bench");
    boolean refused = false;
    for (String id : args) {
      System.out.printf(java.util.Locale.ROOT, "%s load_before=%.2f%n", id, LoadGate.loadAverage());
      try {
        if (SpeedBenchmarks.IDS.contains(id)) SpeedBenchmarks.run(id, tmp);
        else if (WeightingBenchmarks.IDS.contains(id)) WeightingBenchmarks.run(id, tmp);
        else if (ClusterBenchmarks.IDS.contains(id)) ClusterBenchmarks.run(id, tmp);
        else LearningBenchmarks.run(id, tmp);
      } catch (LoadGate.TooBusy e) {
        System.out.println(id + " refused: " + e.getMessage());
        refused = true;
      }
      System.out.printf(java.util.Locale.ROOT, "%s load_after=%.2f%n", id, LoadGate.loadAverage());
    }
    if (refused) System.exit(3);
  }

  /**
   * Median ms/step of A and B over {@link Blocks} (the order rotating every round: A B, B A, …);
   * returns {ratio of medians, a, b, the per-round ratios' min and max, the CPU-time ratio}.
   */
  static double[] alternate(Runnable a, Runnable b) {
    return ratios(Blocks.alternate(WARMUP, ROUNDS, BLOCK, a, b), 0, 1);
  }

  /** As {@link #alternate}'s result, for arms a and b of a rotation of any number of arms. */
  static double[] ratios(Blocks.Times t, int a, int b) {
    double[] perRound = new double[t.wall()[a].length];
    for (int r = 0; r < perRound.length; r++) perRound[r] = t.wall()[a][r] / t.wall()[b][r];
    return new double[] {
      ProcessArms.ratio(t.wall(), a, b),
      ProcessArms.median(t.wall()[a]),
      ProcessArms.median(t.wall()[b]),
      java.util.Arrays.stream(perRound).min().orElse(Double.NaN),
      java.util.Arrays.stream(perRound).max().orElse(Double.NaN),
      ProcessArms.ratio(t.cpu(), a, b)
    };
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    return s.get(s.size() / 2);
  }

  /**
   * {ratio of medians, a, b, the per-round ratios' min and max, the CPU-time ratio} as one line.
   */
  static void report(String id, double[] r, String aName, String bName, String goal) {
    System.out.printf(
        java.util.Locale.ROOT,
        "%s ratio=%.3f rounds_range=%.3f..%.3f cpu_ratio=%.3f %s=%.2f %s=%.2f %s rounds=%d block=%d batch=%d"
            + " load=%.1f%n",
        id,
        r[0],
        r[3],
        r[4],
        r[5],
        aName,
        r[1],
        bName,
        r[2],
        goal,
        ROUNDS,
        BLOCK,
        BATCH,
        load());
  }

  /**
   * The machine's 1-minute load average at the end of a run, the benchmark's own 1–2 included:
   * speed ratios on a shared machine depend on it (S8 most), so every speed line carries it.
   */
  static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** One random batch staged as tensors once, reused by every step of both arms. */
  static final class Staged implements AutoCloseable {
    final TFloat32 image;
    final TInt32 label;

    private Staged(TFloat32 image, TInt32 label) {
      this.image = image;
      this.label = label;
    }

    static Staged random() {
      return random(Shape.of(28, 28, 1));
    }

    /** A batch of {@link #BATCH} uniform images of {@code image} shape (HWC), labels in 0..9. */
    static Staged random(Shape shape) {
      Random rnd = new Random(1);
      float[] x = new float[(int) (BATCH * shape.size())];
      for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
      int[] y = new int[BATCH];
      for (int i = 0; i < BATCH; i++) y[i] = rnd.nextInt(10);
      TFloat32 image =
          TFloat32.tensorOf(Shape.of(BATCH).append(shape), DataBuffers.of(x, true, false));
      try {
        return new Staged(image, TInt32.tensorOf(Shape.of(BATCH), DataBuffers.of(y, true, false)));
      } catch (RuntimeException e) {
        image.close();
        throw e;
      }
    }

    Map<String, Tensor> auxloss() {
      Map<String, Tensor> m = new HashMap<>();
      m.put("image", image);
      m.put("label", label);
      return m;
    }

    @Override
    public void close() {
      image.close();
      label.close();
    }
  }
}
