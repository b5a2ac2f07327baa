package dev.auxloss.nlp.data;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ParamValue;
import dev.auxloss.nlp.text.TextPipeline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * An encoded text dataset held on the heap: classification ({@code label}) or tagging ({@code
 * tags}), with {@code tokens}, {@code token_mask} and {@code label_mask} in every batch.
 *
 * <p>TRAIN batches are an endless stream reshuffled every epoch from the seed; VALIDATION and TEST
 * are one ordered pass whose last batch may be smaller. {@link #exportAssets()} holds the text
 * pipeline and the class (or tag) names; {@link #modelParams()} tells a text model its vocabulary
 * size, sequence length and number of outputs.
 */
public final class TextDataset implements Dataset {
  /** The batch field of token ids [B, T] (int32). */
  public static final String TOKENS = "tokens";

  /** The batch field marking real positions [B, T] (float32, 1 on BOS, pieces and EOS). */
  public static final String TOKEN_MASK = "token_mask";

  private final TextPipeline pipeline;
  private final Map<Split, EncodedSplit> splits;
  private final List<String> outputNames;
  private final boolean tagging;

  /**
   * @param outputNames class names (classification) or tag names (tagging), by id
   */
  public TextDataset(
      TextPipeline pipeline, Map<Split, EncodedSplit> splits, List<String> outputNames) {
    this.pipeline = pipeline;
    this.splits = Map.copyOf(splits);
    this.outputNames = List.copyOf(outputNames);
    EncodedSplit any = splits.values().iterator().next();
    this.tagging = any.tags() != null;
    for (Split s : Split.values()) {
      if (!splits.containsKey(s)) throw new IllegalArgumentException("missing split " + s);
    }
  }

  /**
   * The pipeline the splits were encoded with; its tokenizer is closed ({@link
   * TextDatasetBuilder}).
   */
  public TextPipeline pipeline() {
    return pipeline;
  }

  /** True for a tagging dataset ({@code tags}), false for classification ({@code label}). */
  public boolean tagging() {
    return tagging;
  }

  /** Class names, or tag names for a tagging dataset. */
  public List<String> outputNames() {
    return outputNames;
  }

  public EncodedSplit split(Split split) {
    return splits.get(split);
  }

  /** {@code vocab_size}, {@code seq_len} and {@code classes} (or {@code tags}) for a text model. */
  public Map<String, ParamValue> modelParams() {
    Map<String, ParamValue> m = new LinkedHashMap<>();
    m.put("vocab_size", new ParamValue.Number(pipeline.vocabulary().size()));
    m.put("seq_len", new ParamValue.Number(pipeline.seqLen()));
    m.put(tagging ? "tags" : "classes", new ParamValue.Number(outputNames.size()));
    return m;
  }

  /** The same facts as {@link #modelParams()}, as the resolver reads them for any dataset. */
  @Override
  public Map<String, Double> modelHints() {
    Map<String, Double> m = new LinkedHashMap<>();
    modelParams().forEach((k, v) -> m.put(k, ((ParamValue.Number) v).value()));
    return m;
  }

  /**
   * {@code label} ({@code classes} of them) or {@code tags} ({@code tags} of them, padding is O).
   */
  @Override
  public List<ClassCount> classCounts() {
    return List.of(
        tagging
            ? new ClassCount("tags", outputNames.size(), "tags")
            : new ClassCount("label", outputNames.size(), "classes"));
  }

  @Override
  public List<TensorSpec> specs() {
    Shape t = Shape.of(pipeline.seqLen());
    List<TensorSpec> s = new ArrayList<>();
    s.add(new TensorSpec(TOKENS, TInt32.class, t));
    s.add(new TensorSpec(TOKEN_MASK, TFloat32.class, t));
    s.add(
        tagging
            ? new TensorSpec("tags", TInt32.class, t)
            : new TensorSpec("label", TInt32.class, Shape.scalar()));
    s.add(new TensorSpec("label_mask", TFloat32.class, Shape.scalar()));
    return s;
  }

  @Override
  public int size(Split split) {
    return splits.get(split).size();
  }

  @Override
  public Iterator<Batch> batches(Split split, int batchSize, long seed) {
    if (batchSize <= 0)
      throw new IllegalArgumentException("batch size must be > 0, found " + batchSize);
    EncodedSplit data = splits.get(split);
    int n = data.size();
    if (n == 0) throw new IllegalStateException("split " + split + " is empty");
    if (split == Split.TRAIN) {
      return new Iterator<>() {
        private int[] order = shuffled(n, seed, 0);
        private int epoch = 0;
        private int pos = 0;

        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Batch next() {
          int[] rows = new int[batchSize];
          for (int i = 0; i < batchSize; i++) {
            if (pos == n) {
              order = shuffled(n, seed, ++epoch);
              pos = 0;
            }
            rows[i] = order[pos++];
          }
          return batch(data, rows);
        }
      };
    }
    return new Iterator<>() {
      private int pos = 0;

      @Override
      public boolean hasNext() {
        return pos < n;
      }

      @Override
      public Batch next() {
        if (pos >= n) throw new NoSuchElementException();
        int[] rows = new int[Math.min(batchSize, n - pos)];
        for (int i = 0; i < rows.length; i++) rows[i] = pos++;
        return batch(data, rows);
      }
    };
  }

  @Override
  public Map<String, byte[]> exportAssets() {
    Map<String, byte[]> m = new LinkedHashMap<>(pipeline.assets());
    String names = String.join("\n", outputNames) + "\n";
    m.put(tagging ? "tags.txt" : "labels.txt", names.getBytes(StandardCharsets.UTF_8));
    return m;
  }

  private Batch batch(EncodedSplit d, int[] rows) {
    int b = rows.length;
    int t = pipeline.seqLen();
    int[] tokens = new int[b * t];
    float[] mask = new float[b * t];
    float[] labelMask = new float[b];
    for (int i = 0; i < b; i++) {
      System.arraycopy(d.tokens()[rows[i]], 0, tokens, i * t, t);
      System.arraycopy(d.tokenMask()[rows[i]], 0, mask, i * t, t);
      labelMask[i] = d.labelMask()[rows[i]];
    }
    Map<String, HostTensor> f = new LinkedHashMap<>();
    f.put(TOKENS, HostTensor.ints(tokens, b, t));
    f.put(TOKEN_MASK, HostTensor.floats(mask, b, t));
    f.put("label_mask", HostTensor.floats(labelMask, b));
    if (tagging) {
      int[] tags = new int[b * t];
      for (int i = 0; i < b; i++) System.arraycopy(d.tags()[rows[i]], 0, tags, i * t, t);
      f.put("tags", HostTensor.ints(tags, b, t));
    } else {
      int[] labels = new int[b];
      for (int i = 0; i < b; i++) labels[i] = d.labels()[rows[i]];
      f.put("label", HostTensor.ints(labels, b));
    }
    return new Batch(f);
  }

  /** A Fisher–Yates permutation of 0..n-1, fixed by (seed, epoch). */
  static int[] shuffled(int n, long seed, int epoch) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }
}
