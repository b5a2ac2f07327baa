package dev.auxloss.bench.learning;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.train.TfTrainingSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * MOE — how evenly a Switch MoE layer spreads tokens over its experts, trained without and with the
 * load-balance loss ({@link NlpBenchmarks#moe}, {@link NlpBenchmarks#moeArms}), same seeds and
 * budget.
 *
 * <p>After training, every MoE layer's {@code expert_fraction} [E] (the model's own count: share of
 * real tokens whose top-1 router choice is each expert, over capacity or not) is fetched from the
 * inference-mode pass for every test batch and weighted by the batch's real-token count, giving
 * each layer's expert shares over the whole test split. Per layer: max and min share and the
 * coefficient of variation CV = population std / mean of the E shares (0 = perfectly even, √(E−1) =
 * one expert takes everything: 1.73 for 4 experts); the layer's {@code dropped_fraction} (tokens
 * over capacity) likewise. Per run: the worst layer's max and min share and the mean CV over
 * layers. Per arm: mean ± std over seeds, and test token accuracy as in L5.
 *
 * <p>Lines: per run, {@code MOE load ...} with the per-layer shares, then {@code MOE run ...}
 * (Comparison's detail line); one {@code MOE arm=...} line per arm; then {@code MOE cv_without=...
 * cv_with=... ratio=...} with ratio = cv_with / cv_without.
 */
public final class MoeLoadBenchmark {
  private MoeLoadBenchmark() {}

  /** One layer's load on the test split. */
  record Load(String layer, double[] shares, double dropped) {
    double max() {
      return Arrays.stream(shares).max().orElseThrow();
    }

    double min() {
      return Arrays.stream(shares).min().orElseThrow();
    }

    double cv() {
      double m = 1.0 / shares.length;
      double var = Arrays.stream(shares).map(s -> (s - m) * (s - m)).sum() / shares.length;
      return Math.sqrt(var) / m;
    }
  }

  public static void run(Catalog c, List<Long> seeds, Path tmp, PrintStream out) {
    Setting s = NlpBenchmarks.moe(c);
    Map<String, List<List<Load>>> loads = new LinkedHashMap<>();
    Comparison r =
        Comparison.run(
            s,
            NlpBenchmarks.moeArms(c),
            seeds,
            tmp,
            out,
            (setting, arm, seed, dir) ->
                Runner.run(
                    setting,
                    arm,
                    seed,
                    dir,
                    (run, plan, a, sd) -> {
                      List<Load> l = measure(run, plan);
                      loads.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(l);
                      out.printf(
                          "MOE   load arm=%s seed=%d %s%n",
                          a.name(),
                          sd,
                          l.stream()
                              .map(
                                  x ->
                                      String.format(
                                          "%s=[%s] cv=%.3f dropped=%.3f",
                                          x.layer(),
                                          Arrays.stream(x.shares())
                                              .mapToObj(v -> String.format("%.3f", v))
                                              .collect(Collectors.joining(",")),
                                          x.cv(),
                                          x.dropped()))
                              .collect(Collectors.joining(" ")));
                    }));
    out.printf(
        "MOE   all_O_test=%.2f (token accuracy of predicting O everywhere)%n",
        100 * Tags.share(s.dataset(), Split.TEST, 0));
    Map<String, double[]> cvs = new LinkedHashMap<>();
    r.arms()
        .forEach(
            (name, st) -> {
              List<List<Load>> runs = loads.get(name);
              double[] cv =
                  runs.stream()
                      .mapToDouble(l -> l.stream().mapToDouble(Load::cv).average().orElseThrow())
                      .toArray();
              double[] max =
                  runs.stream()
                      .mapToDouble(l -> l.stream().mapToDouble(Load::max).max().orElseThrow())
                      .toArray();
              double[] min =
                  runs.stream()
                      .mapToDouble(l -> l.stream().mapToDouble(Load::min).min().orElseThrow())
                      .toArray();
              double[] dropped =
                  runs.stream()
                      .mapToDouble(
                          l -> l.stream().mapToDouble(Load::dropped).average().orElseThrow())
                      .toArray();
              cvs.put(name, cv);
              out.printf(
                  "MOE   arm=%s test=%s max_share=%s min_share=%s cv=%s dropped=%s experts=%d layers=%d seeds=%d steps=%d%n",
                  name,
                  st.pct(),
                  ms(max, 3),
                  ms(min, 3),
                  ms(cv, 3),
                  ms(dropped, 3),
                  runs.get(0).get(0).shares().length,
                  runs.get(0).size(),
                  runs.size(),
                  s.steps());
            });
    double without = mean(cvs.get("none"));
    double with = mean(cvs.get("balance"));
    out.printf(
        "MOE cv_without=%.3f cv_with=%.3f ratio=%.3f test_without=%s test_with=%s alpha=%s z=%s seeds=%d steps=%d%n",
        without,
        with,
        with / without,
        r.arm("none").pct(),
        r.arm("balance").pct(),
        NlpBenchmarks.SWITCH_ALPHA,
        NlpBenchmarks.ROUTER_Z,
        seeds.size(),
        s.steps());
  }

  /** Every MoE layer's test-split expert shares (top-1, real tokens) and dropped fraction. */
  @SuppressWarnings("unchecked")
  static List<Load> measure(TfTrainingSession run, TrainingPlan plan) {
    Map<String, Operand<?>> eps = run.trainingGraph().evalEndpoints();
    Map<String, Operand<TFloat32>> fractions = new TreeMap<>();
    eps.forEach(
        (name, op) -> {
          if (name.startsWith("moe/") && name.endsWith("/expert_fraction")) {
            fractions.put(
                name.substring(4, name.length() - "/expert_fraction".length()),
                (Operand<TFloat32>) op);
          }
        });
    if (fractions.isEmpty())
      throw new IllegalStateException(
          "the model published no moe/<layer>/expert_fraction: " + eps.keySet());
    Map<String, double[]> counts = new LinkedHashMap<>();
    Map<String, double[]> dropped = new LinkedHashMap<>();
    for (Iterator<Batch> it = plan.dataset().batches(Split.TEST, plan.batchSize(), plan.seed());
        it.hasNext(); ) {
      Batch batch = it.next();
      double real = 0;
      for (float m : ((HostTensor.Floats) batch.get("token_mask")).values()) real += m;
      for (Map.Entry<String, Operand<TFloat32>> f : fractions.entrySet()) {
        float[] share = run.fetch(f.getValue(), batch);
        double[] acc = counts.computeIfAbsent(f.getKey(), k -> new double[share.length]);
        for (int e = 0; e < share.length; e++) acc[e] += share[e] * real;
        float[] d =
            run.fetch(
                (Operand<TFloat32>) eps.get("moe/" + f.getKey() + "/dropped_fraction"), batch);
        double[] dd = dropped.computeIfAbsent(f.getKey(), k -> new double[2]);
        dd[0] += d[0] * real;
        dd[1] += real;
      }
    }
    List<Load> out = new ArrayList<>();
    counts.forEach(
        (layer, acc) -> {
          double total = Arrays.stream(acc).sum();
          double[] shares = Arrays.stream(acc).map(v -> v / total).toArray();
          double[] dd = dropped.get(layer);
          out.add(new Load(layer, shares, dd[0] / dd[1]));
        });
    return out;
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElseThrow();
  }

  private static String ms(double[] v, int digits) {
    double m = mean(v);
    double sd =
        v.length < 2
            ? 0
            : Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    return String.format("%." + digits + "f±%." + digits + "f", m, sd);
  }
}
