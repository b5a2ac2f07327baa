package dev.auxloss.tf.train;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Worker {@code task} of {@code workers} takes batches task, task+workers, ... of one shared order.
 */
final class Shards {
  private Shards() {}

  static <T> Iterator<T> of(Iterator<T> all, int task, int workers) {
    if (workers <= 1) return all;
    return new Iterator<>() {
      private boolean primed;

      @Override
      public boolean hasNext() {
        if (!primed) {
          for (int i = 0; i < task && all.hasNext(); i++) all.next();
          primed = true;
        }
        return all.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        T t = all.next();
        for (int i = 1; i < workers && all.hasNext(); i++) all.next();
        return t;
      }
    };
  }
}
