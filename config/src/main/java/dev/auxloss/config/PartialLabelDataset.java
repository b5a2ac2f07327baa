package dev.auxloss.config;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Shard;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Applies {@code data.label_fraction} and {@code data.seed} to any dataset: in the training split
 * only a fixed share of examples keeps its label ({@code label_mask} 1), the rest count as
 * unlabelled (mask 0) for primary losses while semi-supervised auxiliaries still see them.
 *
 * <p>Which examples keep their label is decided per example from a hash of its content and the data
 * seed, so it is the same subset in every epoch and after a resume, without the dataset exposing
 * example ids. Validation and test batches are untouched. A mask the dataset already has is
 * multiplied, never widened. The data seed shifts the seed the backend asks with, so batches differ
 * between data seeds but stay reproducible.
 *
 * <pre>{@code
 * Dataset few = new PartialLabelDataset(full, 0.05, 7, 1); // ≈ 5 % of training labels kept
 * }</pre>
 */
public final class PartialLabelDataset implements Dataset {
  public static final String MASK = "label_mask";

  private final Dataset inner;
  private final double fraction;
  private final long dataSeed;
  private final long seedShift;

  /**
   * @param fraction share of training examples that keep their label, in (0, 1]
   * @param dataSeed chooses the labelled subset and the data order
   * @param experimentSeed the seed the backend passes; the data seed replaces it by a shift
   */
  public PartialLabelDataset(Dataset inner, double fraction, long dataSeed, long experimentSeed) {
    this.inner = Objects.requireNonNull(inner, "inner");
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("label fraction must be in (0, 1], found " + fraction);
    }
    this.fraction = fraction;
    this.dataSeed = dataSeed;
    this.seedShift = dataSeed - experimentSeed;
  }

  @Override
  public List<TensorSpec> specs() {
    List<TensorSpec> specs = new ArrayList<>(inner.specs());
    if (fraction < 1 && specs.stream().noneMatch(s -> s.name().equals(MASK))) {
      specs.add(new TensorSpec(MASK, TFloat32.class, Shape.scalar()));
    }
    return specs;
  }

  @Override
  public int size(Split split) {
    return inner.size(split);
  }

  @Override
  public Iterator<Batch> batches(Split split, int batchSize, long seed) {
    return masked(split, inner.batches(split, batchSize, seed + seedShift));
  }

  /** The inner dataset's own sharding (a file reader's), masked alike. */
  @Override
  public Iterator<Batch> batches(Split split, int batchSize, long seed, Shard shard) {
    return masked(split, inner.batches(split, batchSize, seed + seedShift, shard));
  }

  private Iterator<Batch> masked(Split split, Iterator<Batch> it) {
    if (split != Split.TRAIN || fraction >= 1) return it;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Batch next() {
        return mask(it.next());
      }
    };
  }

  @Override
  public Map<String, Double> modelHints() {
    return inner.modelHints();
  }

  @Override
  public List<dev.auxloss.api.data.ClassCount> classCounts() {
    return inner.classCounts();
  }

  @Override
  public Map<String, byte[]> exportAssets() {
    return inner.exportAssets();
  }

  /** The batch with {@code label_mask} set to 0 for examples outside the labelled share. */
  Batch mask(Batch batch) {
    int n = batch.size();
    float[] mask = new float[n];
    HostTensor existing = batch.fields().get(MASK);
    for (int i = 0; i < n; i++) {
      float old = existing instanceof HostTensor.Floats f ? f.values()[i] : 1f;
      mask[i] = keeps(batch, i) ? old : 0f;
    }
    Map<String, HostTensor> fields = new HashMap<>(batch.fields());
    fields.put(MASK, new HostTensor.Floats(Shape.of(n), mask));
    return new Batch(fields);
  }

  /**
   * Whether example {@code row} keeps its label: a seeded hash of its fields, uniform in [0, 1).
   */
  boolean keeps(Batch batch, int row) {
    long h = dataSeed * 0x9E3779B97F4A7C15L;
    for (String name : new java.util.TreeSet<>(batch.fields().keySet())) {
      if (name.equals(MASK)) continue;
      h = 31 * h + rowHash(batch.fields().get(name), row);
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53 < fraction;
  }

  private static int rowHash(HostTensor t, int row) {
    int per = (int) (t.shape().size() / Math.max(1, t.shape().get(0)));
    if (t instanceof HostTensor.Floats f) {
      return Arrays.hashCode(Arrays.copyOfRange(f.values(), row * per, (row + 1) * per));
    }
    int[] v = ((HostTensor.Ints) t).values();
    return Arrays.hashCode(Arrays.copyOfRange(v, row * per, (row + 1) * per));
  }
}
