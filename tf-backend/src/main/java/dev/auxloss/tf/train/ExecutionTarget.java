package dev.auxloss.tf.train;

import dev.auxloss.tf.graph.GradientReducer;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/**
 * Where the step runs: this process alone ({@link #LOCAL}), or one worker of a synchronous
 * data-parallel cluster ({@code dev.auxloss.tf.distributed}). Decides the session, the gradient
 * all-reduce, the data shard and who writes files.
 */
public interface ExecutionTarget {
  ExecutionTarget LOCAL = new ExecutionTarget() {};

  default Session openSession(Graph graph, ConfigProto config) {
    return new Session(graph, config);
  }

  /** Closes a session this target opened, and whatever native state it keeps for it. */
  default void closeSession(Session session) {
    session.close();
  }

  default GradientReducer reducer() {
    return GradientReducer.LOCAL;
  }

  /** This worker's index and the number of workers: batch i goes to worker i mod workers. */
  default int task() {
    return 0;
  }

  default int workers() {
    return 1;
  }

  /** Only the chief writes checkpoints, summaries, the SavedModel and the run report. */
  default boolean isChief() {
    return task() == 0;
  }

  /**
   * The last training step has run: what follows (evaluation, export) is this process's own, so a
   * peer that leaves now is no longer a failure.
   */
  default void trainingFinished() {}
}
