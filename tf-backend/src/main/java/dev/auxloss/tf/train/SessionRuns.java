package dev.auxloss.tf.train;

import java.util.concurrent.atomic.LongAdder;
import org.tensorflow.Result;
import org.tensorflow.Session;

/**
 * The trainer's one door to {@code Session.run}: the step, checkpoints, evaluation and reads all
 * pass here (an ArchUnit rule keeps it so), so a test can count the runs of a training step — one,
 * batch-norm updates and telemetry included. Counting costs a null check unless a test turns it on.
 */
final class SessionRuns {
  private static volatile LongAdder counter;

  private SessionRuns() {}

  static Result run(Session.Runner r) {
    count();
    return r.run();
  }

  static Result runAndFetchMetadata(Session.Runner r) {
    count();
    return r.runAndFetchMetadata();
  }

  /** Counts every run from now on, in this JVM (tests only); {@code null} stops counting. */
  static void countInto(LongAdder runs) {
    counter = runs;
  }

  private static void count() {
    LongAdder c = counter;
    if (c != null) c.increment();
  }
}
