package dev.auxloss.nlp.data;

import dev.auxloss.api.data.Split;
import dev.auxloss.nlp.text.PunctuationTags;
import dev.auxloss.nlp.text.SubwordTokenizer;
import dev.auxloss.nlp.text.TextPipeline;
import dev.auxloss.nlp.text.Tokenizer;
import dev.auxloss.nlp.text.Vocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link TextDataset} from raw texts: tokenizes, builds the vocabulary from the training
 * split (or loads a saved one), encodes to fixed length and marks the labelled subset. Every split
 * is encoded here, once, so the tokenizer is closed when the build ends (an {@code hf:} tokenizer's
 * native handle is freed): the dataset's {@link TextDataset#pipeline()} keeps its vocabulary,
 * sequence length and assets, but encodes nothing more.
 *
 * <pre>{@code
 * TextDataset d = TextDatasetBuilder.build(splits, Task.CLASSIFY, TextDataConfig.DEFAULTS, names);
 * }</pre>
 */
public final class TextDatasetBuilder {
  private TextDatasetBuilder() {}

  /** A raw example: its text and its class (ignored by the punctuation task). */
  public record Example(String text, int label) {}

  /** A sentence already split into tokens, with a tag id per token (CoNLL). */
  public record TaggedSentence(List<String> tokens, int[] tags) {}

  /**
   * A tagging dataset from sentences already split into tokens: with {@code word} or {@code char}
   * the tokens are the pieces (no re-tokenizing) and the vocabulary comes from the training split
   * (or {@code vocab}); a subword tokenizer splits each token into pieces that share its span
   * ({@link SubwordTags}). Tag 0 is the outside tag (also at BOS, EOS and padding).
   */
  public static TextDataset buildTagged(
      Map<Split, List<TaggedSentence>> raw, TextDataConfig cfg, List<String> tagNames) {
    try (Tokenizer tokenizer = cfg.openTokenizer()) {
      return encodeTagged(raw, cfg, tagNames, tokenizer);
    }
  }

  private static TextDataset encodeTagged(
      Map<Split, List<TaggedSentence>> raw,
      TextDataConfig cfg,
      List<String> tagNames,
      Tokenizer tokenizer) {
    if (tokenizer instanceof SubwordTokenizer subword) {
      Map<Split, List<TaggedSentence>> split = new EnumMap<>(Split.class);
      raw.forEach(
          (s, sentences) ->
              split.put(
                  s,
                  sentences.stream().map(t -> SubwordTags.split(t, subword, tagNames)).toList()));
      raw = split;
    }
    List<List<String>> trainPieces =
        raw.getOrDefault(Split.TRAIN, List.of()).stream().map(TaggedSentence::tokens).toList();
    TextPipeline pipeline =
        new TextPipeline(tokenizer, vocabulary(tokenizer, cfg, trainPieces), cfg.seqLen());
    Map<Split, EncodedSplit> encoded = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      List<TaggedSentence> sentences = raw.getOrDefault(s, List.of());
      int n = sentences.size();
      int[][] tokens = new int[n][];
      float[][] mask = new float[n][];
      int[][] tags = new int[n][];
      List<Example> texts = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        TextPipeline.Encoded enc = pipeline.encodePieces(sentences.get(i).tokens());
        tokens[i] = enc.ids();
        mask[i] = enc.mask();
        tags[i] = PunctuationTags.align(sentences.get(i).tags(), cfg.seqLen());
        texts.add(new Example(String.join(" ", sentences.get(i).tokens()), 0));
      }
      double fraction = s == Split.TRAIN ? cfg.labelFraction() : 1.0;
      encoded.put(
          s, new EncodedSplit(tokens, mask, null, tags, labelSubset(texts, false, fraction)));
    }
    return new TextDataset(pipeline, encoded, tagNames);
  }

  /** What the dataset asks the model to predict. */
  public enum Task {
    /** One class per sequence: field {@code label}. */
    CLASSIFY,
    /**
     * Punctuation and capitalisation restoration, one {@link PunctuationTags tag} per token: field
     * {@code tags}.
     */
    PUNCTUATION
  }

  public static TextDataset build(
      Map<Split, List<Example>> raw, Task task, TextDataConfig cfg, List<String> classNames) {
    try (Tokenizer tokenizer = cfg.openTokenizer()) {
      return encode(raw, task, cfg, classNames, tokenizer);
    }
  }

  private static TextDataset encode(
      Map<Split, List<Example>> raw,
      Task task,
      TextDataConfig cfg,
      List<String> classNames,
      Tokenizer tokenizer) {
    Map<Split, List<List<String>>> pieces = new EnumMap<>(Split.class);
    Map<Split, List<int[]>> pieceTags = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      List<List<String>> ps = new ArrayList<>();
      List<int[]> ts = new ArrayList<>();
      for (Example e : raw.getOrDefault(s, List.of())) {
        List<String> p =
            task == Task.PUNCTUATION ? tokenizer.splitCased(e.text()) : tokenizer.split(e.text());
        if (task == Task.PUNCTUATION) {
          PunctuationTags.Tagged t = PunctuationTags.strip(p);
          p = t.pieces();
          ts.add(t.tags());
        }
        ps.add(p);
      }
      pieces.put(s, ps);
      pieceTags.put(s, ts);
    }
    TextPipeline pipeline =
        new TextPipeline(
            tokenizer, vocabulary(tokenizer, cfg, pieces.get(Split.TRAIN)), cfg.seqLen());
    Map<Split, EncodedSplit> encoded = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      List<Example> ex = raw.getOrDefault(s, List.of());
      int n = ex.size();
      int[][] tokens = new int[n][];
      float[][] mask = new float[n][];
      int[] labels = task == Task.CLASSIFY ? new int[n] : null;
      int[][] tags = task == Task.PUNCTUATION ? new int[n][] : null;
      for (int i = 0; i < n; i++) {
        TextPipeline.Encoded enc = pipeline.encodePieces(pieces.get(s).get(i));
        tokens[i] = enc.ids();
        mask[i] = enc.mask();
        if (labels != null) labels[i] = ex.get(i).label();
        if (tags != null) tags[i] = PunctuationTags.align(pieceTags.get(s).get(i), cfg.seqLen());
      }
      double fraction = s == Split.TRAIN ? cfg.labelFraction() : 1.0;
      float[] labelMask = labelSubset(ex, task == Task.CLASSIFY, fraction);
      encoded.put(s, new EncodedSplit(tokens, mask, labels, tags, labelMask));
    }
    List<String> names = task == Task.CLASSIFY ? classNames : PunctuationTags.NAMES;
    return new TextDataset(pipeline, encoded, names);
  }

  /**
   * A subword tokenizer's own vocabulary, else the saved {@code vocab} or one built from the
   * training pieces.
   */
  private static Vocabulary vocabulary(
      Tokenizer tokenizer, TextDataConfig cfg, List<List<String>> trainPieces) {
    if (tokenizer instanceof SubwordTokenizer subword) return subword.vocabulary();
    return cfg.vocab().isEmpty()
        ? Vocabulary.build(trainPieces, cfg.minCount(), cfg.maxVocab())
        : Vocabulary.load(Path.of(cfg.vocab()));
  }

  /**
   * 1 for the labelled subset: within each class (one class when {@code byClass} is false) the
   * examples ordered by a hash of their text, the first ⌈fraction·n⌉ kept. Deterministic and
   * independent of the data order or seed, so two runs compared side by side see the same labels.
   */
  static float[] labelSubset(List<Example> examples, boolean byClass, double fraction) {
    float[] mask = new float[examples.size()];
    if (fraction >= 1) {
      java.util.Arrays.fill(mask, 1f);
      return mask;
    }
    Map<Integer, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < examples.size(); i++) {
      groups.computeIfAbsent(byClass ? examples.get(i).label() : 0, k -> new ArrayList<>()).add(i);
    }
    for (List<Integer> g : groups.values()) {
      g.sort(
          Comparator.<Integer>comparingLong(
                  i -> FortunesCorpus.mix(examples.get(i).text().hashCode() + 0x5EEDL))
              .thenComparing(i -> i));
      int keep = (int) Math.ceil(fraction * g.size());
      for (int k = 0; k < keep; k++) mask[g.get(k)] = 1f;
    }
    return mask;
  }
}
