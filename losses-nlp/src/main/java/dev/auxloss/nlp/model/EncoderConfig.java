package dev.auxloss.nlp.model;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * Parameters of {@link TransformerEncoderModel}. Defaults follow BERT (Devlin et al. 2019) scaled
 * down to this project's text models: post-LN blocks, feed-forward 4·D, dropout 0.1, [CLS] pooling
 * through a dense + tanh pooler, segment embeddings when the data has segments (BERT: 2 types);
 * width, depth and heads are the {@link TextModelConfig} defaults (64, 2, 4) rather than
 * BERT-base's (768, 12, 12).
 *
 * <p>Post-LN is the default because this model stands for BERT, whose checkpoints, recipes and
 * published numbers are post-LN. {@code norm: pre} is the shared block's other placement (Xiong et
 * al. 2020, "On Layer Normalization in the Transformer Architecture": it trains deep stacks without
 * learning-rate warmup), the one {@code text-lm} and {@code text-tagger} use.
 *
 * @param text the shared trunk's parameters (attention is always bidirectional, outputs is the
 *     classes or tags the task predicts, the feed-forward width is resolved)
 * @param maxLength rows of the position table (BERT's {@code max_position_embeddings}); 0 → the
 *     tokens input's length
 * @param segments segment (token type) ids embedded from the {@link
 *     TransformerEncoderModel#SEGMENT_IDS} field; 0 → no segment embedding
 * @param pooling {@code cls} (position 0, BOS here, through the pooler) or {@code mean} (mean over
 *     real tokens)
 * @param task {@code classify} (logits [B,classes] from the pooled vector) or {@code tag} (logits
 *     [B,T,tags] per token): {@code auto} takes {@code tag} when {@code tags} > 0, as a tagging
 *     dataset's model hints set it
 * @param postNorm post-LN blocks (BERT) instead of pre-LN
 */
public record EncoderConfig(
    TextModelConfig text,
    int maxLength,
    int segments,
    String pooling,
    String task,
    boolean postNorm) {
  public static final Param<Integer> MAX_LENGTH =
      Param.integer(
              "max_length",
              0,
              "position table rows, at least the sequence length; 0 takes the tokens input's length")
          .atLeast(0);
  public static final Param<String> TASK =
      Param.choice(
          "task",
          "auto",
          List.of("auto", "classify", "tag"),
          "classify (logits from the pooled vector) or tag (per-token logits); auto: tag when tags"
              + " > 0");
  public static final Param<Integer> TAGS =
      Param.integer(
              "tags",
              0,
              "tags of task tag, 0 for a classifier; a tagging dataset's hints fill it in")
          .atLeast(0);
  public static final Param<Integer> FF_DIM =
      Param.integer("ff_dim", 0, "feed-forward width; 0 → 4·dim (BERT)").atLeast(0);
  public static final Param<String> NORM =
      Param.choice(
          "norm",
          "post",
          List.of("post", "pre"),
          "post-LN as BERT, or pre-LN (Xiong et al. 2020: deep stacks train without warmup)");
  public static final Param<String> POOLING =
      Param.choice(
          "pooling",
          "cls",
          List.of("cls", "mean"),
          "cls: position 0 through a dense+tanh pooler (BERT); mean: mean over real tokens");
  public static final Param<Integer> SEGMENT_EMBEDDINGS =
      Param.integer(
              "segment_embeddings",
              0,
              "segment types embedded from the segment_ids field (BERT: 2); 0: none; a dataset"
                  + " with segments fills it in")
          .atLeast(0);

  /** The encoder's parameters, in the order {@code list-models} shows them. */
  static final List<Param<?>> PARAMS =
      List.of(
          TextModelConfig.VOCAB_SIZE,
          MAX_LENGTH,
          TASK,
          TextLmModel.CLASSES,
          TAGS,
          TextModelConfig.DIM,
          TextModelConfig.HEADS,
          TextModelConfig.LAYERS,
          FF_DIM,
          TextModelConfig.DROPOUT,
          NORM,
          POOLING,
          SEGMENT_EMBEDDINGS,
          TextModelConfig.MOE_LAYERS,
          TextModelConfig.EXPERTS,
          TextModelConfig.ROUTER_TOP_K,
          TextModelConfig.CAPACITY_FACTOR);

  public EncoderConfig {
    MAX_LENGTH.validate(maxLength);
    SEGMENT_EMBEDDINGS.validate(segments);
    POOLING.validate(pooling);
    if (!task.equals("classify") && !task.equals("tag")) {
      throw new IllegalArgumentException("task must be resolved to classify or tag, found " + task);
    }
  }

  /** Logits per token ({@code tag}) rather than per sequence. */
  public boolean tagging() {
    return task.equals("tag");
  }

  /**
   * The config {@code p} describes: the task from {@code task} or, for {@code auto}, from whether
   * the data filled in {@code tags}; rules across parameters, the trunk's included, fail as one
   * {@link ConfigException}.
   */
  static EncoderConfig read(Params p) {
    List<ConfigError> errors = new ArrayList<>();
    int tags = p.get(TAGS);
    String task = p.get(TASK);
    if (task.equals("auto")) task = tags > 0 ? "tag" : "classify";
    if (task.equals("tag") && tags < 1) {
      errors.add(
          ConfigError.of(
              "tags",
              "must be >= 1 for task tag, found "
                  + tags
                  + " (a tagging dataset's model hints fill it in)"));
    }
    int n = task.equals("tag") ? Math.max(tags, 1) : p.get(TextLmModel.CLASSES);
    int dim = p.get(TextModelConfig.DIM);
    int ff = p.get(FF_DIM) > 0 ? p.get(FF_DIM) : 4 * dim;
    TextModelConfig text = null;
    try {
      text =
          new TextModelConfig(
              p.get(TextModelConfig.VOCAB_SIZE),
              0,
              n,
              dim,
              p.get(TextModelConfig.HEADS),
              p.get(TextModelConfig.LAYERS),
              ff,
              p.get(TextModelConfig.DROPOUT),
              "bidirectional",
              true,
              p.get(TextModelConfig.MOE_LAYERS).stream().map(Double::intValue).toList(),
              p.get(TextModelConfig.EXPERTS),
              p.get(TextModelConfig.ROUTER_TOP_K),
              p.get(TextModelConfig.CAPACITY_FACTOR));
    } catch (ConfigException e) {
      errors.addAll(e.errors());
    }
    if (!errors.isEmpty()) throw new ConfigException(errors);
    return new EncoderConfig(
        text,
        p.get(MAX_LENGTH),
        p.get(SEGMENT_EMBEDDINGS),
        p.get(POOLING),
        task,
        p.get(NORM).equals("post"));
  }
}
