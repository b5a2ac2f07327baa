package dev.auxloss.tf.train;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.HostTensor;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Prepares batches on a background thread: pulls from the dataset, copies into native tensors and
 * hands them over through a bounded queue, so the training thread only feeds and runs. The consumer
 * closes each batch's tensors after its step; {@link #close} drains and closes what is left. At
 * once it holds {@code capacity} batches in the queue, one in the consumer's step and one being
 * copied (its heap arrays and their native copy): {@code BatchBounds} budgets host memory for
 * exactly that. Public for the benchmarks and the profiler, which feed steps the way the trainer
 * does.
 */
public final class BatchFeeder implements AutoCloseable {
  private static final Map<String, Tensor> END = Map.of();
  private final BlockingQueue<Map<String, Tensor>> queue;
  private final Thread thread;

  /** What ended the producer (any Throwable: an OutOfMemoryError there must reach the user too). */
  private volatile Throwable failure;

  private volatile boolean closed;

  public BatchFeeder(Iterator<Batch> batches, int capacity, long skip) {
    queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
    thread = new Thread(() -> produce(batches, skip), "auxloss-input");
    thread.setDaemon(true);
    thread.start();
  }

  /** The next batch as tensors (the caller closes them), or null when the data ended. */
  public Map<String, Tensor> next() {
    try {
      while (true) {
        Map<String, Tensor> b = queue.poll(100, TimeUnit.MILLISECONDS);
        if (b == END) return null;
        if (b != null) return b;
        if (failure != null) throw rethrown();
        if (!thread.isAlive() && queue.isEmpty()) {
          if (failure != null) throw rethrown();
          return null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    }
  }

  public static Map<String, Tensor> toTensors(Batch batch) {
    Map<String, Tensor> out = new HashMap<>();
    try {
      batch.fields().forEach((name, t) -> out.put(name, toTensor(t)));
      return out;
    } catch (RuntimeException e) {
      out.values().forEach(Tensor::close);
      throw e;
    }
  }

  static Tensor toTensor(HostTensor t) {
    if (t instanceof HostTensor.Floats f)
      return TFloat32.tensorOf(f.shape(), DataBuffers.of(f.values(), true, false));
    HostTensor.Ints i = (HostTensor.Ints) t;
    return TInt32.tensorOf(i.shape(), DataBuffers.of(i.values(), true, false));
  }

  private void produce(Iterator<Batch> batches, long skip) {
    try {
      for (long k = 0; k < skip && batches.hasNext(); k++) batches.next();
      while (!closed && batches.hasNext()) {
        Map<String, Tensor> t = toTensors(batches.next());
        boolean put = false;
        try {
          while (!closed && !put) put = queue.offer(t, 100, TimeUnit.MILLISECONDS);
        } finally {
          // closed, or interrupted by close() while waiting for room: nobody will take this batch
          if (!put) t.values().forEach(Tensor::close);
        }
      }
      if (!closed) queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (
        Throwable
            e) { // Errors too: uncaught, they would end the thread with a trace and look like the
      // data ended
      failure = e;
    }
  }

  /** The producer's failure, thrown on the consumer's thread as it was (no wrapping to unpack). */
  private RuntimeException rethrown() {
    if (failure instanceof RuntimeException r) throw r;
    if (failure instanceof Error e) throw e;
    return new IllegalStateException("the input thread failed: " + failure.getMessage(), failure);
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Map<String, Tensor> b;
    while ((b = queue.poll()) != null) b.values().forEach(Tensor::close);
  }
}
