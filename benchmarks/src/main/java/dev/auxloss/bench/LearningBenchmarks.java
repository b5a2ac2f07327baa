package dev.auxloss.bench;

import dev.auxloss.api.data.Split;
import dev.auxloss.bench.learning.Catalog;
import dev.auxloss.bench.learning.Comparison;
import dev.auxloss.bench.learning.MoeLoadBenchmark;
import dev.auxloss.bench.learning.NlpBenchmarks;
import dev.auxloss.bench.learning.PretrainFinetune;
import dev.auxloss.bench.learning.Scale;
import dev.auxloss.bench.learning.Setting;
import dev.auxloss.bench.learning.Tags;
import dev.auxloss.bench.learning.TextBenchmarks;
import dev.auxloss.bench.learning.VisionBenchmarks;
import dev.auxloss.bench.learning.WeightingBenchmark;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Learning-benefit benchmarks (L1–L4 of BENCHMARKS.md): does an auxiliary loss improve the primary
 * head's test accuracy (or reach it in fewer steps) for the same step budget and seeds? Each id
 * trains every arm with seeds 1..3 through the ordinary training path and prints per-run lines, one
 * line per arm, then the summary line {@code ID ratio=R delta=+x.x points base=m±s aux=m±s seeds=3
 * steps=N ...} where ratio = aux mean / base mean test accuracy.
 *
 * <ul>
 *   <li>L1 — deep supervision (DSN companions, decayed) on a deep plain CNN vs primary only;
 *   <li>L2 — rotation prediction on all images with 5 % labels vs primary only;
 *   <li>L3 — next-token LM on all text with 10 % labels vs primary only (needs losses-nlp);
 *   <li>L4 — adaptive weighting strategies vs the best of three static weights, on L1;
 *   <li>L5 — sequence labelling (punctuation restoration on fortunes, {@code text-tagger}) with the
 *       Rei (2017) bidirectional LM objective, γ = 0.1, vs the tagging loss only; scored by test
 *       token accuracy over real tokens ({@link NlpBenchmarks});
 *   <li>L6 — self-supervised pretraining (rotation + NT-Xent, no labels) then fine-tuning on 1 % of
 *       the labels vs the labels alone for the same total steps, seeds 1..5 ({@link
 *       PretrainFinetune});
 *   <li>MOE — expert load spread of the tagger's Switch MoE layers without vs with the Switch
 *       load-balance loss (+ router z-loss): per arm max/min expert share and CV of the shares on
 *       the test split, and {@code MOE cv_without=... cv_with=... ratio=...} ({@link
 *       MoeLoadBenchmark}).
 * </ul>
 */
final class LearningBenchmarks {
  static final List<String> IDS = List.of("L1", "L2", "L3", "L4", "L5", "L6", "MOE");

  private LearningBenchmarks() {}

  static void run(String id, Path tmp) {
    PrintStream out = System.out;
    Catalog c = new Catalog();
    long t0 = System.nanoTime();
    switch (id) {
      case "L1" -> {
        Setting s = VisionBenchmarks.l1(c);
        out.printf(
            "L1   lr base=%s dsn=%s (SGD momentum 0.9, clip 1.0)%n",
            VisionBenchmarks.l1Lr("base"), VisionBenchmarks.l1Lr("dsn"));
        Comparison r =
            Comparison.run(
                s,
                VisionBenchmarks.l1Arms(c, s.steps()),
                Scale.seeds(),
                tmp,
                out,
                VisionBenchmarks.l1Trainer());
        // Plain deep nets either leave the chance plateau within the budget or do not: count the
        // runs that did.
        out.printf(
            "L1   left_chance(test>=20%%) base=%s dsn=%s%n",
            r.arm("base").reached(0.2), r.arm("dsn").reached(0.2));
        print(out, r, "L1", "base", "dsn", "goal>=+2.0points_or>=1.30x");
      }
      case "L2" -> {
        Setting s = VisionBenchmarks.l2(c);
        Comparison r = Comparison.run(s, VisionBenchmarks.l2Arms(c), Scale.seeds(), tmp, out);
        print(out, r, "L2", "base", "rotation", "goal>=+2.0points");
      }
      case "L3" -> {
        Setting s = TextBenchmarks.l3(c);
        Comparison r = Comparison.run(s, TextBenchmarks.l3Arms(c), Scale.seeds(), tmp, out);
        print(out, r, "L3", "base", "lm", "goal>=+3.0points");
      }
      case "L4" -> WeightingBenchmark.run(c, Scale.seeds(), tmp, out);
      case "L5" -> {
        Setting s = NlpBenchmarks.l5(c);
        Comparison r = Comparison.run(s, NlpBenchmarks.l5Arms(c), Scale.seeds(), tmp, out);
        out.printf(
            "L5   all_O_test=%.2f (token accuracy of predicting O everywhere; metric = test token accuracy "
                + "over real tokens)%n",
            100 * Tags.share(s.dataset(), Split.TEST, 0));
        print(out, r, "L5", "base", "rei", "goal=report");
        out.printf(
            "L5   macro_f1 (tags other than 0, test) base=%s rei=%s%n",
            r.arm("base").macroF1Pct(), r.arm("rei").macroF1Pct());
      }
      case "L6" -> {
        Setting s = PretrainFinetune.setting(c);
        out.println("L6   ssl_arm " + PretrainFinetune.recipe());
        Comparison r =
            Comparison.run(
                s, PretrainFinetune.arms(c), Scale.seeds(5), tmp, out, PretrainFinetune.trainer(c));
        print(out, r, "L6", "base", "ssl", "goal>=+3.0points");
      }
      case "MOE" -> MoeLoadBenchmark.run(c, Scale.seeds(), tmp, out);
      default -> throw new IllegalArgumentException(id);
    }
    out.printf("%s   wall=%.1fmin%n", id, (System.nanoTime() - t0) / 6e10);
  }

  private static void print(
      PrintStream out, Comparison r, String id, String base, String aux, String goal) {
    r.armLines(id).forEach(out::println);
    String early = r.earlyStopped(id, base, aux);
    if (!early.isEmpty()) out.println(early);
    out.println(r.summary(id, base, aux, goal));
  }
}
