package dev.auxloss.bench.learning;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.TermPlan;
import java.util.List;
import java.util.Map;

/**
 * L3: {@code text-lm} (embedding 64, 2 causal transformer blocks, 4 heads, sequence 64, word
 * vocabulary from the corpus) classifying Debian fortunes into 5 categories (computers,
 * definitions, politics, science, songs-poems; ~2 900 train / ~360 validation / ~360 test quotes)
 * with 10 % of the training labels. Each batch of 32 holds 16 labelled and 16 unlabelled quotes
 * ({@link LabelledMix}); the auxiliary arm adds the causal next-token loss on every quote.
 *
 * <p>losses-nlp is found at run time through {@link java.util.ServiceLoader}; when it is not on the
 * class path the benchmark stops with the list of registered models.
 */
public final class TextBenchmarks {
  static final long L3_STEPS = 300;
  static final int L3_LABELLED = 16;
  static final int L3_BATCH = 32;

  /**
   * Word vocabulary cap: the corpus has more than 5 000 words seen twice; 2 000 keeps the LM
   * softmax cheap.
   */
  static final int MAX_VOCAB = 2000;

  private TextBenchmarks() {}

  public static Setting l3(Catalog c) {
    if (!c.hasModel("text-lm")) {
      throw new IllegalStateException(
          "L3 needs the text-lm model of losses-nlp on the class path "
              + "(add auxloss-losses-nlp to benchmarks/pom.xml)");
    }
    long steps = Scale.steps(L3_STEPS);
    Dataset fortunes =
        c.dataset("fortunes", Params.of("label_fraction", 0.1, "max_vocab", MAX_VOCAB));
    Map<String, Double> hints = fortunes.modelHints();
    Params model =
        Params.of(
            "vocab_size",
            hints.get("vocab_size").intValue(),
            "classes",
            hints.getOrDefault("classes", 5.0).intValue());
    return new Setting(
        "L3",
        "text-lm",
        c.model("text-lm", model),
        "fortunes",
        new LabelledMix(fortunes, L3_LABELLED),
        L3_BATCH,
        OptimizerPlan.adam(1e-3),
        steps,
        steps / Scale.EVALS,
        0,
        true);
  }

  /**
   * Primary only, and + {@code nlp.next_token} at its default weight 0.5 (GPT's auxiliary LM
   * weight, Radford et al. 2018), constant; {@code -Dbench.l3.lm_weight=W} tries another (Rei 2017
   * used 0.1).
   */
  public static List<Arm> l3Arms(Catalog c) {
    TermPlan primary = Terms.primary(c, "nlp.cross_entropy");
    double weight =
        Double.parseDouble(
            System.getProperty(
                "bench.l3.lm_weight", String.valueOf(c.defaultWeight("nlp.next_token"))));
    TermPlan lm =
        Terms.auxiliary(c, "lm", "nlp.next_token", weight, Schedules.constant(1), Params.empty());
    return List.of(
        new Arm("base", List.of(primary), "static", c.weighting("static")),
        new Arm("lm", List.of(primary, lm), "static", c.weighting("static")));
  }
}
