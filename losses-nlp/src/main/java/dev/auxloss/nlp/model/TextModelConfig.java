package dev.auxloss.nlp.model;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * Parameters of the reference text models. Defaults follow the {@code text-lm} benchmark (embedding
 * 64, 2 blocks, 4 heads, sequence 64) and common transformer practice (feed-forward 4·D, dropout
 * 0.1, tied input/output embeddings as in Press &amp; Wolf 2017); MoE defaults follow Switch (Fedus
 * et al. 2021: 4 experts here, top-1, capacity factor 1.25). Each model adds its own outputs
 * ({@code classes} or {@code tags}) and {@code attention} choices to {@link #PARAMS}.
 *
 * @param vocabSize ids in the vocabulary (required: the dataset's {@code modelHints()} have it)
 * @param seqLen sequence length; 0 takes it from the {@code tokens} input's static shape
 * @param outputs classes ({@code text-lm}) or tags ({@code text-tagger})
 * @param attention {@code causal}, {@code bidirectional} or (tagger) {@code bi-causal}
 * @param tied output embedding = input embedding transposed ({@code text-lm})
 * @param moeLayers indices of blocks whose feed-forward layer is a MoE layer (empty: none)
 */
public record TextModelConfig(
    int vocabSize,
    int seqLen,
    int outputs,
    int dim,
    int heads,
    int layers,
    int ffDim,
    double dropout,
    String attention,
    boolean tied,
    List<Integer> moeLayers,
    int experts,
    int topK,
    double capacityFactor) {
  public static final Param<Integer> VOCAB_SIZE =
      Param.integer("vocab_size", 0, "vocabulary size; the dataset's model hints fill it in")
          .above(5)
          .required("5000");
  public static final Param<Integer> SEQ_LEN =
      Param.integer("seq_len", 0, "sequence length; 0 takes it from the tokens input")
          .check(x -> x == 0 || x >= 3, "must be 0 (from the input) or >= 3");
  public static final Param<Integer> DIM =
      Param.integer("dim", 64, "model width (token embedding size)").atLeast(1);
  public static final Param<Integer> HEADS =
      Param.integer("heads", 4, "attention heads").atLeast(1);
  public static final Param<Integer> LAYERS =
      Param.integer("layers", 2, "transformer blocks").atLeast(1);
  public static final Param<Integer> FF_DIM =
      Param.integer("ff_dim", 256, "feed-forward width").atLeast(1);
  public static final Param<Double> DROPOUT =
      Param.number("dropout", 0.1, "dropout while training").fraction();
  public static final Param<Boolean> TIED =
      Param.flag("tied", true, "tie the LM output embedding to the input embedding");
  public static final Param<List<Double>> MOE_LAYERS =
      Param.numbers("moe_layers", List.of(), "block indices with a MoE feed-forward layer")
          .check(l -> l.stream().allMatch(i -> i == Math.rint(i)), "entries must be whole numbers");
  public static final Param<Integer> EXPERTS =
      Param.integer("experts", 4, "experts per MoE layer").atLeast(2);
  public static final Param<Integer> ROUTER_TOP_K =
      Param.integer("router_top_k", 1, "1 (Switch) or 2 (GShard)")
          .check(k -> k == 1 || k == 2, "must be 1 or 2");
  public static final Param<Double> CAPACITY_FACTOR =
      Param.number("capacity_factor", 1.25, "expert capacity slack").above(0);

  /** The parameters every text model has, in the order {@code list-models} shows them. */
  static final List<Param<?>> PARAMS =
      List.of(
          VOCAB_SIZE,
          SEQ_LEN,
          DIM,
          HEADS,
          LAYERS,
          FF_DIM,
          DROPOUT,
          TIED,
          MOE_LAYERS,
          EXPERTS,
          ROUTER_TOP_K,
          CAPACITY_FACTOR);

  public TextModelConfig {
    moeLayers = List.copyOf(moeLayers);
    VOCAB_SIZE.validate(vocabSize);
    SEQ_LEN.validate(seqLen);
    DIM.validate(dim);
    HEADS.validate(heads);
    LAYERS.validate(layers);
    FF_DIM.validate(ffDim);
    DROPOUT.validate(dropout);
    EXPERTS.validate(experts);
    ROUTER_TOP_K.validate(topK);
    CAPACITY_FACTOR.validate(capacityFactor);
    outputs("outputs", 1).validate(outputs);
    // rules across parameters, reported together
    List<ConfigError> errors = new ArrayList<>();
    if (dim % heads != 0) {
      errors.add(
          ConfigError.of("dim", "must be a multiple of heads (" + heads + "), found " + dim));
    }
    for (int i : moeLayers) {
      if (i < 0 || i >= layers) {
        errors.add(
            ConfigError.of("moe_layers", "entries must be in [0, " + layers + "), found " + i));
      }
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
  }

  /** The number of classes or tags a model predicts, named {@code name}. */
  static Param<Integer> outputs(String name, int defaultValue) {
    return Param.integer(name, defaultValue, "number of " + name).atLeast(1);
  }

  /** The parameters of a model with these outputs and attention choices. */
  static List<Param<?>> params(Param<Integer> outputs, Param<String> attention) {
    List<Param<?>> all = new ArrayList<>(PARAMS);
    all.add(2, outputs);
    all.add(8, attention);
    return all;
  }

  /**
   * The config {@code p} describes; rules across parameters fail as one {@link ConfigException}.
   */
  static TextModelConfig read(Params p, Param<Integer> outputs, Param<String> attention) {
    List<Integer> moe = p.get(MOE_LAYERS).stream().map(Double::intValue).toList();
    return new TextModelConfig(
        p.get(VOCAB_SIZE),
        p.get(SEQ_LEN),
        p.get(outputs),
        p.get(DIM),
        p.get(HEADS),
        p.get(LAYERS),
        p.get(FF_DIM),
        p.get(DROPOUT),
        p.get(attention),
        p.get(TIED),
        moe,
        p.get(EXPERTS),
        p.get(ROUTER_TOP_K),
        p.get(CAPACITY_FACTOR));
  }

  /**
   * The block for layer {@code i}, post-LN (BERT) when {@code postNorm}, else pre-LN: with a MoE
   * feed-forward when {@code i} is in {@link #moeLayers}.
   */
  public TransformerBlock block(int i, boolean postNorm) {
    MoeFeedForward moe =
        moeLayers.contains(i) ? new MoeFeedForward(experts, topK, capacityFactor, ffDim) : null;
    return new TransformerBlock(dim, heads, ffDim, dropout, moe, postNorm);
  }
}
