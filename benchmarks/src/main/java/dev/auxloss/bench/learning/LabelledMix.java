package dev.auxloss.bench.learning;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A partially labelled dataset whose training batches hold a fixed number of labelled examples: the
 * first {@code labelled} rows of every batch have {@code label_mask} 1, the rest are unlabelled
 * rows. This is how semi-supervised methods are trained (S4L, Zhai et al. 2019, draws a labelled
 * and an unlabelled batch per step): with the dataset's natural mix, 5 % labels would leave about
 * one labelled image in a batch of 32 and the primary loss would see almost nothing in a short run.
 *
 * <p>Both arms of a comparison read the same stream, so they see the same labelled examples in the
 * same order; the unlabelled rows only matter to auxiliary terms that ignore the mask. Validation
 * and test pass through unchanged.
 */
public final class LabelledMix implements Dataset {
  /** Rows pulled from the underlying stream at a time. */
  private static final int CHUNK = 256;

  static final String MASK = "label_mask";

  private final Dataset base;
  private final int labelled;

  /**
   * @param labelled labelled rows in every training batch, at most the batch size (equal: batches
   *     of labelled rows only, for arms that train on the labels alone)
   */
  public LabelledMix(Dataset base, int labelled) {
    if (labelled <= 0)
      throw new IllegalArgumentException("labelled rows per batch must be > 0, found " + labelled);
    if (base.specs().stream().noneMatch(s -> s.name().equals(MASK))) {
      throw new IllegalArgumentException(
          "the dataset has no '" + MASK + "' field: it is fully labelled");
    }
    this.base = base;
    this.labelled = labelled;
  }

  @Override
  public List<TensorSpec> specs() {
    return base.specs();
  }

  @Override
  public int size(Split split) {
    return base.size(split);
  }

  @Override
  public Map<String, Double> modelHints() {
    return base.modelHints();
  }

  @Override
  public List<dev.auxloss.api.data.ClassCount> classCounts() {
    return base.classCounts();
  }

  @Override
  public Map<String, byte[]> exportAssets() {
    return base.exportAssets();
  }

  @Override
  public Iterator<Batch> batches(Split split, int batchSize, long seed) {
    if (split != Split.TRAIN) return base.batches(split, batchSize, seed);
    if (labelled > batchSize) {
      throw new IllegalArgumentException(
          "batch size " + batchSize + " is smaller than " + labelled + " labelled rows");
    }
    Iterator<Batch> source = base.batches(Split.TRAIN, CHUNK, seed);
    int unlabelled = batchSize - labelled;
    return new Iterator<>() {
      private final Deque<Row> lab = new ArrayDeque<>();
      private final Deque<Row> unlab = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Batch next() {
        while (lab.size() < labelled || unlab.size() < unlabelled) refill();
        List<Row> rows = new ArrayList<>(batchSize);
        for (int i = 0; i < labelled; i++) rows.add(lab.poll());
        for (int i = 0; i < unlabelled; i++) rows.add(unlab.poll());
        return assemble(rows);
      }

      private void refill() {
        Batch b = source.next();
        float[] mask = ((HostTensor.Floats) b.get(MASK)).values();
        for (int i = 0; i < b.size(); i++) {
          // Unlabelled rows are plentiful: keep a few batches' worth, drop the rest (the stream is
          // endless).
          if (mask[i] > 0) lab.add(new Row(b, i));
          else if (unlab.size() < 4 * batchSize) unlab.add(new Row(b, i));
        }
      }
    };
  }

  private record Row(Batch batch, int index) {}

  private static Batch assemble(List<Row> rows) {
    int n = rows.size();
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, HostTensor> f : rows.get(0).batch().fields().entrySet()) {
      long[] dims = f.getValue().shape().asArray().clone();
      int per = (int) (f.getValue().shape().size() / dims[0]);
      dims[0] = n;
      String name = f.getKey();
      if (f.getValue() instanceof HostTensor.Floats) {
        float[] v = new float[n * per];
        for (int r = 0; r < n; r++) {
          Row row = rows.get(r);
          System.arraycopy(
              ((HostTensor.Floats) row.batch().get(name)).values(),
              row.index() * per,
              v,
              r * per,
              per);
        }
        out.put(name, new HostTensor.Floats(org.tensorflow.ndarray.Shape.of(dims), v));
      } else {
        int[] v = new int[n * per];
        for (int r = 0; r < n; r++) {
          Row row = rows.get(r);
          System.arraycopy(
              ((HostTensor.Ints) row.batch().get(name)).values(),
              row.index() * per,
              v,
              r * per,
              per);
        }
        out.put(name, new HostTensor.Ints(org.tensorflow.ndarray.Shape.of(dims), v));
      }
    }
    return new Batch(out);
  }
}
