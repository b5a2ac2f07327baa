package dev.auxloss.bench.learning;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.TermPlan;
import java.util.List;
import java.util.Map;

/**
 * The sequence-labelling settings (L5, MOE): {@code text-tagger} on {@code fortunes-punct}, the
 * Debian fortunes of the five L3 categories (~2 900 train / ~360 validation / ~360 test quotes)
 * with their punctuation removed; each word is tagged with the mark that followed it (O, COMMA =
 * {@code , ; :}, PERIOD, QUESTION, EXCLAMATION). Capitalisation is not part of this dataset (the
 * word tokenizer lowercases; there is no case tag). Word tokens, 64 per sequence (BOS + ≤ 62 words
 * + EOS), the same 2 000-word vocabulary cap as L3 ({@link TextBenchmarks#MAX_VOCAB}); every
 * training sentence is labelled (Rei 2017's setting: the LM objective uses the same sentences as
 * the tagger, no extra text).
 *
 * <p>Model: the tagger's default bi-causal encoder (a causal and an anti-causal stack of 2 blocks
 * each, dim 64, 4 heads, feed-forward 256, dropout 0.1, {@code tokens/hidden} = [fwd | bwd], 128
 * wide), Adam 1e-3, batch 32 — L3's optimizer and batch. Scored by token accuracy over real tokens
 * of the test split (the evaluation pass scores {@code tags} over {@code token_mask}), with the
 * macro F1 of the tags other than 0; the always-0 predictor's accuracy is printed beside it for
 * scale.
 */
public final class NlpBenchmarks {
  static final int BATCH = 32;

  /**
   * L5 step budget, chosen so that {@code ./bench L5} (2 arms × 3 seeds) takes ≤ 12 minutes on this
   * 2-core machine under its usual load: measured 9.8 min at load average 6–7 (base ≈ 180 ms/step,
   * + Rei ≈ 300 ms/step: its two softmaxes over the 2 000-word vocabulary cost more than the
   * tagger). 400 steps × 32 = about 4.4 passes over the ~2 900 training quotes; validation token
   * accuracy is still rising slowly at the end. {@code -Dbench.learning.scale=2} doubles it
   * (LEARNING_RESULTS_NLP.md).
   */
  static final long L5_STEPS = Long.getLong("bench.l5.steps", 400);

  /**
   * MOE step budget, L5's: ≈ 200 ms/step with or without the balance terms; {@code ./bench MOE}
   * took 10.1 min at load average 7–10.
   */
  static final long MOE_STEPS = Long.getLong("bench.moe.steps", 400);

  /** Rei (2017): E = E_tag + γ (E_fwd + E_bwd), γ = 0.1 — the loss's registered default weight. */
  static final double REI_GAMMA = 0.1;

  /**
   * Switch Transformer α (Fedus et al. 2021) and the ST-MoE router z-loss c_z (Zoph et al. 2022).
   */
  static final double SWITCH_ALPHA = 1e-2;

  static final double ROUTER_Z = 1e-3;

  private NlpBenchmarks() {}

  private static Dataset punct(Catalog c) {
    if (!c.hasModel("text-tagger")) {
      throw new IllegalStateException(
          "L5/MOE need the text-tagger model of losses-nlp on the class path");
    }
    return c.dataset("fortunes-punct", Params.of("max_vocab", TextBenchmarks.MAX_VOCAB));
  }

  private static Params modelParams(Dataset data, Object... extra) {
    Map<String, Double> hints = data.modelHints();
    Object[] kv = new Object[4 + extra.length];
    kv[0] = "vocab_size";
    kv[1] = hints.get("vocab_size").intValue();
    kv[2] = "tags";
    kv[3] = hints.getOrDefault("tags", 5.0).intValue();
    System.arraycopy(extra, 0, kv, 4, extra.length);
    return Params.of(kv);
  }

  /** L5: the dense tagger; validation token accuracy 10 times per run (steps-to-target). */
  public static Setting l5(Catalog c) {
    long steps = Scale.steps(L5_STEPS);
    Dataset data = punct(c);
    return new Setting(
        "L5",
        "text-tagger",
        c.model("text-tagger", modelParams(data)),
        "fortunes-punct",
        data,
        BATCH,
        OptimizerPlan.adam(1e-3),
        steps,
        steps / Scale.EVALS,
        0,
        false);
  }

  /**
   * L5's arms: {@code nlp.tagging_cross_entropy} only, and + {@code nlp.rei_lm} at γ = 0.1 with its
   * defaults (tanh layer of 50 units per direction, softmax over min(7 500, V) = V ids: the forward
   * half predicts the next word, the backward half the previous one), constant.
   */
  public static List<Arm> l5Arms(Catalog c) {
    TermPlan primary = Terms.primary(c, "nlp.tagging_cross_entropy");
    TermPlan rei =
        Terms.auxiliary(c, "rei", "nlp.rei_lm", REI_GAMMA, Schedules.constant(1), Params.empty());
    return List.of(
        new Arm("base", List.of(primary), "static", c.weighting("static")),
        new Arm("rei", List.of(primary, rei), "static", c.weighting("static")));
  }

  /**
   * MOE: L5's tagger with the feed-forward layer of block 1 of both stacks replaced by a Switch MoE
   * layer (4 experts, top-1, capacity factor 1.25: the model's defaults), so two MoE layers ({@code
   * moe/fwd1}, {@code moe/bwd1}); the benchmark reads each layer's {@code expert_fraction} from the
   * training graph's inference-mode pass ({@code TrainingGraph.evalEndpoints}).
   */
  public static Setting moe(Catalog c) {
    long steps = Scale.steps(MOE_STEPS);
    Dataset data = punct(c);
    ModelFn m =
        c.model(
            "text-tagger",
            modelParams(
                data,
                "moe_layers",
                List.of(1.0),
                "experts",
                4,
                "router_top_k",
                1,
                "capacity_factor",
                1.25));
    return new Setting(
        "MOE",
        "text-tagger",
        m,
        "fortunes-punct",
        data,
        BATCH,
        OptimizerPlan.adam(1e-3),
        steps,
        steps / Scale.EVALS,
        0,
        false);
  }

  /**
   * MOE's arms: the tagging loss only ({@code none}), and + {@code nlp.switch_load_balance} α =
   * 1e-2 with {@code nlp.router_z_loss} 1e-3 ({@code balance}; the pair the project's own MoE test
   * trains with, as in ST-MoE), both summed over the two MoE layers, constant.
   */
  public static List<Arm> moeArms(Catalog c) {
    TermPlan primary = Terms.primary(c, "nlp.tagging_cross_entropy");
    TermPlan balance =
        new TermPlan(
            "switch",
            "nlp.switch_load_balance",
            Role.REGULARIZER,
            SWITCH_ALPHA,
            Schedules.constant(1),
            c.loss("nlp.switch_load_balance", Params.empty()));
    TermPlan z =
        new TermPlan(
            "router_z",
            "nlp.router_z_loss",
            Role.REGULARIZER,
            ROUTER_Z,
            Schedules.constant(1),
            c.loss("nlp.router_z_loss", Params.empty()));
    return List.of(
        new Arm("none", List.of(primary), "static", c.weighting("static")),
        new Arm("balance", List.of(primary, balance, z), "static", c.weighting("static")));
  }
}
