package dev.auxloss.nlp.model;

import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * Parameters of the reference text models. Defaults follow the {@code text-lm} benchmark (embedding
 * 64, 2 blocks, 4 heads, sequence 64) and common transformer practice (feed-forward 4·D, dropout 0.1,
 * tied input/output embeddings as in Press &amp; Wolf 2017); MoE defaults follow Switch (Fedus et al.
 * 2021: 4 experts here, top-1, capacity factor 1.25).
 *
 * @param vocabSize ids in the vocabulary (required: the dataset's {@code modelParams()} has it)
 * @param seqLen sequence length; 0 takes it from the {@code tokens} input's static shape
 * @param outputs classes ({@code text-lm}) or tags ({@code text-tagger})
 * @param attention {@code causal}, {@code bidirectional} or (tagger) {@code bi-causal}
 * @param tied output embedding = input embedding transposed ({@code text-lm})
 * @param moeLayers indices of blocks whose feed-forward layer is a MoE layer (empty: none)
 */
public record TextModelConfig(
    int vocabSize, int seqLen, int outputs, int dim, int heads, int layers, int ffDim, double dropout,
    String attention, boolean tied, List<Integer> moeLayers, int experts, int topK, double capacityFactor) {
  public TextModelConfig {
    moeLayers = List.copyOf(moeLayers);
    if (vocabSize <= 5) throw new IllegalArgumentException("vocab_size must be > 5, found " + vocabSize);
    if (outputs < 1) throw new IllegalArgumentException("outputs must be >= 1, found " + outputs);
    if (layers < 1) throw new IllegalArgumentException("layers must be >= 1, found " + layers);
    for (int i : moeLayers) {
      if (i < 0 || i >= layers) throw new IllegalArgumentException("moe_layers entries must be in [0, " + layers + "), found " + i);
    }
    new TransformerBlock(dim, heads, ffDim, dropout, null); // validates the block settings
    if (!moeLayers.isEmpty()) new MoeFeedForward(experts, topK, capacityFactor, ffDim);
  }

  /** The block for layer {@code i}: with a MoE feed-forward when {@code i} is in {@link #moeLayers}. */
  public TransformerBlock block(int i) {
    MoeFeedForward moe = moeLayers.contains(i) ? new MoeFeedForward(experts, topK, capacityFactor, ffDim) : null;
    return new TransformerBlock(dim, heads, ffDim, dropout, moe);
  }

  static List<ParamSpec> specs(String outputsName, int outputsDefault, List<String> attentions) {
    List<ParamSpec> s = new ArrayList<>();
    s.add(ParamSpec.integer("vocab_size", 0, "vocabulary size (required; the dataset's modelParams() has it)"));
    s.add(ParamSpec.integer("seq_len", 0, "sequence length; 0 takes it from the tokens input"));
    s.add(ParamSpec.integer(outputsName, outputsDefault, "number of " + outputsName));
    s.add(ParamSpec.integer("dim", 64, "model width (token embedding size)"));
    s.add(ParamSpec.integer("heads", 4, "attention heads"));
    s.add(ParamSpec.integer("layers", 2, "transformer blocks"));
    s.add(ParamSpec.integer("ff_dim", 256, "feed-forward width"));
    s.add(ParamSpec.number("dropout", 0.1, "dropout while training"));
    s.add(ParamSpec.text("attention", attentions.get(0), String.join(" | ", attentions)));
    s.add(ParamSpec.flag("tied", true, "tie the LM output embedding to the input embedding"));
    s.add(ParamSpec.list("moe_layers", "", "block indices with a MoE feed-forward layer"));
    s.add(ParamSpec.integer("experts", 4, "experts per MoE layer"));
    s.add(ParamSpec.integer("router_top_k", 1, "1 (Switch) or 2 (GShard)"));
    s.add(ParamSpec.number("capacity_factor", 1.25, "expert capacity slack"));
    return s;
  }

  /** Reads every parameter, collecting errors in {@code p}, then checks them all at once. */
  static TextModelConfig read(Params p, String outputsName, int outputsDefault, List<String> attentions) {
    int vocab = p.integer("vocab_size", 0, x -> x > 5,
        "must be > 5 (the vocabulary size; TextDataset.modelParams() provides it)");
    int seqLen = p.integer("seq_len", 0, x -> x == 0 || x >= 3, "must be 0 (from the input) or >= 3");
    int outputs = p.integer(outputsName, outputsDefault, x -> x >= 1, "must be >= 1");
    int dim = p.integer("dim", 64, x -> x >= 1, "must be >= 1");
    int heads = p.integer("heads", 4, x -> x >= 1, "must be >= 1");
    int layers = p.integer("layers", 2, x -> x >= 1, "must be >= 1");
    int ffDim = p.integer("ff_dim", 256, x -> x >= 1, "must be >= 1");
    double dropout = p.number("dropout", 0.1, x -> x >= 0 && x < 1, "must be in [0, 1)");
    String attention = p.choice("attention", attentions.get(0), attentions);
    boolean tied = p.flag("tied", true);
    List<Integer> moe = p.numbers("moe_layers", List.of()).stream().map(Double::intValue).toList();
    int experts = p.integer("experts", 4, x -> x >= 2, "must be >= 2");
    int topK = p.integer("router_top_k", 1, x -> x == 1 || x == 2, "must be 1 or 2");
    double cf = p.number("capacity_factor", 1.25, x -> x > 0, "must be > 0");
    if (heads >= 1 && dim % heads != 0) p.error("dim", "must be a multiple of heads (" + heads + "), found " + dim);
    for (int i : moe) if (i < 0 || i >= layers) p.error("moe_layers", "entries must be in [0, " + layers + "), found " + i);
    if (topK > experts) p.error("router_top_k", "must be <= experts (" + experts + "), found " + topK);
    p.check(specs(outputsName, outputsDefault, attentions));
    return new TextModelConfig(vocab, seqLen, outputs, dim, heads, layers, ffDim, dropout, attention,
        tied, moe, experts, topK, cf);
  }
}
