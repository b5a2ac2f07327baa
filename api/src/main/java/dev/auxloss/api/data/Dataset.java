package dev.auxloss.api.data;

import dev.auxloss.api.model.TensorSpec;
import java.util.Iterator;
import java.util.List;

/**
 * A source of batches on the Java heap. The backend prepares them on a background thread and copies
 * them into tensors; the same seed gives the same order, so a resumed run sees the same data.
 */
public interface Dataset {
  /** Every field a batch holds, with its type and per-example shape. */
  List<TensorSpec> specs();

  /** Number of examples in {@code split}. */
  int size(Split split);

  /**
   * Batches of {@code split}: for TRAIN an endless shuffled stream (reshuffled each epoch from
   * {@code seed}); for VALIDATION and TEST one ordered pass, the last batch possibly smaller.
   */
  Iterator<Batch> batches(Split split, int batchSize, long seed);

  /**
   * Worker {@code shard.index()}'s batches of {@code split} on a cluster of {@code shard.count()}
   * (the backend asks TRAIN this way; every worker evaluates whole splits). The default deals the
   * batches of the shared order round-robin: batch i to worker i mod n. A dataset reading files may
   * share out its files or records instead, as {@code tfrecord} does; TRAIN must stay endless on
   * every worker.
   */
  default Iterator<Batch> batches(Split split, int batchSize, long seed, Shard shard) {
    return shard.roundRobin(batches(split, batchSize, seed));
  }

  /**
   * Facts the model needs from the data, by model parameter name ({@code vocab_size}, {@code
   * num_classes}, {@code seq_len}); the resolver passes each to the model unless the config sets
   * it.
   */
  default java.util.Map<String, Double> modelHints() {
    return java.util.Map.of();
  }

  /**
   * The label fields that hold class ids and how many classes each indexes; empty when the dataset
   * has none (regression targets, unlabelled text). A dataset with class labels should declare
   * them: the model's output width is checked against them, and so is every label fed.
   */
  default java.util.List<ClassCount> classCounts() {
    return java.util.List.of();
  }

  /** Extra files to keep beside the export (a vocabulary...), by file name; empty by default. */
  default java.util.Map<String, byte[]> exportAssets() {
    return java.util.Map.of();
  }
}
