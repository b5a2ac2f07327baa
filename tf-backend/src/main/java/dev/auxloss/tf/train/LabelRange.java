package dev.auxloss.tf.train;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.util.Iterator;
import java.util.List;

/**
 * Checks every class id of every batch against the dataset's {@link Dataset#classCounts()} before
 * it is fed: an id outside {@code [0, classes)} (other than the field's ignore index) is bad data
 * (exit 2) naming the field, the value, the batch and the example, instead of a one-hot row of
 * zeros that trains silently wrong (or a kernel error on some devices only). On the host, as the
 * batch is made: labels are a few ints per example, and it works the same with XLA.
 */
final class LabelRange {
  private LabelRange() {}

  /**
   * {@code batches} checked as they are drawn; {@code what} names the stream in errors ({@code
   * "training"}, {@code "validation"}): training batch {@code k} (from 1) is the one step {@code k}
   * runs.
   */
  static Iterator<Batch> checked(
      Iterator<Batch> batches, Dataset dataset, String datasetName, String what) {
    List<ClassCount> counts = dataset.classCounts();
    if (counts.isEmpty()) return batches;
    return new Iterator<>() {
      private long index;

      @Override
      public boolean hasNext() {
        return batches.hasNext();
      }

      @Override
      public Batch next() {
        Batch b = batches.next();
        index++;
        for (ClassCount c : counts) check(b, c, datasetName, what, index);
        return b;
      }
    };
  }

  static void check(Batch batch, ClassCount count, String datasetName, String what, long index) {
    if (!(batch.fields().get(count.field()) instanceof HostTensor.Ints ids)) return;
    int[] v = ids.values();
    int perExample = (int) (v.length / Math.max(1, ids.shape().get(0)));
    for (int i = 0; i < v.length; i++) {
      if (count.accepts(v[i])) continue;
      String batchName =
          what + " batch " + index + ("training".equals(what) ? " (step " + index + ")" : "");
      throw new ConfigException(
          ConfigError.of(
              "data.dataset (" + datasetName + ")",
              "field '"
                  + count.field()
                  + "' holds "
                  + v[i]
                  + " in example "
                  + (i / Math.max(1, perExample))
                  + " of "
                  + batchName
                  + "; class ids must be in [0, "
                  + count.classes()
                  + ")"
                  + (count.ignoreIndex().isPresent()
                      ? " or be the ignore index " + count.ignoreIndex().getAsInt()
                      : "")
                  + ": the dataset declares "
                  + count.classes()
                  + " classes"));
    }
  }
}
