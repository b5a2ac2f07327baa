package dev.auxloss.datasets.tfrecord;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * {@code tf.data.Dataset.shuffle(buffer_size)}: holds up to {@code capacity} elements of {@code
 * source}, hands out a uniformly chosen one and refills its slot from the source; memory stays
 * bounded by the buffer whatever the source's length.
 */
final class ShuffleBuffer<T> implements Iterator<T> {
  private final Iterator<T> source;
  private final int capacity;
  private final SplittableRandom random;
  private final List<T> buffer;

  ShuffleBuffer(Iterator<T> source, int capacity, long seed) {
    this.source = source;
    this.capacity = capacity;
    this.random = new SplittableRandom(seed);
    this.buffer = new ArrayList<>(Math.min(capacity, 1 << 16));
  }

  @Override
  public boolean hasNext() {
    while (buffer.size() < capacity && source.hasNext()) buffer.add(source.next());
    return !buffer.isEmpty();
  }

  @Override
  public T next() {
    if (!hasNext()) throw new NoSuchElementException();
    int i = random.nextInt(buffer.size());
    T out = buffer.get(i);
    if (source.hasNext()) {
      buffer.set(i, source.next());
    } else {
      buffer.set(i, buffer.get(buffer.size() - 1));
      buffer.remove(buffer.size() - 1);
    }
    return out;
  }
}
