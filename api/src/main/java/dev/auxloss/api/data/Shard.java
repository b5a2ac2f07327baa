package dev.auxloss.api.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Which share of the training data one worker of a cluster reads: worker {@code index} of {@code
 * count}. The backend asks {@link Dataset#batches(Split, int, long, Shard)} with it; the dataset
 * never learns where the cluster came from.
 *
 * <pre>{@code
 * new Shard(1, 2).roundRobin(List.of("a", "b", "c", "d").iterator()); // b, d
 * }</pre>
 */
public record Shard(int index, int count) {
  /** One process alone: everything. */
  public static final Shard ALONE = new Shard(0, 1);

  public Shard {
    if (count < 1) throw new IllegalArgumentException("count must be >= 1, found " + count);
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("index must be in [0, " + count + "), found " + index);
    }
  }

  /** Elements index, index+count, ... of {@code all}: the shared order dealt round-robin. */
  public <T> Iterator<T> roundRobin(Iterator<T> all) {
    if (count == 1) return all;
    return new Iterator<>() {
      private boolean primed;

      @Override
      public boolean hasNext() {
        if (!primed) {
          for (int i = 0; i < index && all.hasNext(); i++) all.next();
          primed = true;
        }
        return all.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        T t = all.next();
        for (int i = 1; i < count && all.hasNext(); i++) all.next();
        return t;
      }
    };
  }
}
