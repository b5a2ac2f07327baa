package dev.auxloss.tf.train;

import dev.auxloss.tf.export.TfExporter;
import dev.auxloss.tf.graph.TfSaver;
import dev.auxloss.tf.graph.TrainingGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TString;

/**
 * Saves the session's variables to the run's checkpoints and restores them: the graph's save and
 * restore ops driven through {@link CheckpointManager}'s atomic layout.
 */
final class Checkpointer {
  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
  private final Session session;
  private final CheckpointManager checkpoints;
  private final Path runDir;
  private final List<TrainingListener> listeners;

  Checkpointer(Session session, Path runDir, int keep, List<TrainingListener> listeners) {
    this.session = session;
    this.runDir = runDir;
    this.checkpoints = new CheckpointManager(runDir, keep);
    this.listeners = listeners;
  }

  boolean hasValid() {
    return !checkpoints.valid().isEmpty();
  }

  /**
   * Saves a checkpoint now (atomically) and returns its prefix; a failed save leaves no temporary
   * behind.
   */
  Path save(long step) {
    Path tmp = checkpoints.begin(step);
    Path done;
    try {
      try (TString name = TString.scalarOf(tmp.toString());
          Result r =
              SessionRuns.run(
                  session.runner().feed(TfSaver.FILENAME, name).addTarget(TfSaver.SAVE))) {
        // nothing to read: the save op wrote the files
      }
      done = checkpoints.commit(step, tmp);
    } catch (RuntimeException | Error e) {
      checkpoints.abandon(tmp, e);
      throw e;
    }
    listeners.forEach(l -> l.onCheckpoint(step, done));
    return done;
  }

  /** See {@link TfTrainingSession#restoreLatest()}. */
  long restoreLatest() {
    List<Path> all = checkpoints.newestFirst();
    if (all.isEmpty())
      throw new IllegalStateException("no checkpoint in " + runDir.resolve("checkpoints"));
    RuntimeException firstFailure = null;
    List<String> failures = new ArrayList<>();
    for (Path p : all) {
      try {
        restore(p);
        return CheckpointManager.stepOf(p.getParent());
      } catch (RuntimeException e) {
        String difference = otherGraph(e);
        if (difference != null) throw mismatch(p, difference, e);
        unreadable(p, e);
        failures.add(TfExporter.unreadableMessage(p, e));
        if (firstFailure == null) firstFailure = e;
      }
    }
    throw new IllegalStateException(
        "no checkpoint in " + runDir + " could be restored: " + String.join("; ", failures),
        firstFailure);
  }

  /**
   * The newest checkpoint's step after restoring it, or 0 on freshly initialized variables when
   * there is none.
   */
  long restoreLatestOrZero() {
    if (!hasValid()) {
      initializeFresh();
      return 0;
    }
    return restoreLatest();
  }

  private static final Pattern MISSING_KEY = Pattern.compile("Key (\\S+) not found in checkpoint");
  private static final Pattern OTHER_SHAPE =
      Pattern.compile(
          "Shape of tensor "
              + Pattern.quote(TfSaver.SHAPE_CHECK)
              + "(\\S+) (\\[[^\\]]*\\]) is not compatible with expected shape (\\[[^\\]]*\\])");

  /**
   * What a restore found different from this graph ("has no variable 'v', …", "holds 'v' with shape
   * […] where this graph has […]"), or null for another failure.
   */
  private static String otherGraph(RuntimeException e) {
    String msg = String.valueOf(e.getMessage());
    Matcher m = MISSING_KEY.matcher(msg);
    if (m.find()) return "has no variable '" + m.group(1) + "', which this graph has";
    m = OTHER_SHAPE.matcher(msg);
    if (m.find())
      return "holds '"
          + m.group(1)
          + "' with shape "
          + m.group(2)
          + " where this graph has "
          + m.group(3);
    return null;
  }

  /**
   * A checkpoint whose variables differ from this graph's is intact but was written by another
   * graph: every older checkpoint of the run differs too, so none is tried and none is called
   * unreadable.
   */
  private IllegalStateException mismatch(Path prefix, String difference, RuntimeException e) {
    return new IllegalStateException(
        "checkpoint "
            + prefix
            + " "
            + difference
            + ": the run was written by another version of auxloss or"
            + " another model or weighting; resume it with the version that wrote it, or start a"
            + " new run with training { init_from { checkpoint: \""
            + runDir
            + "\" } } to take over its model's weights",
        e);
  }

  /**
   * Variables for a run with no checkpoint of its own: the initializers, then {@code
   * training.init_from}'s restore when the graph has one (optimizer slots and the step stay fresh).
   */
  void initializeFresh() {
    session.initialize();
    if (session.graph().operation(TrainingGraph.INIT_FROM_RESTORE) != null) {
      try (Result r =
          SessionRuns.run(session.runner().addTarget(TrainingGraph.INIT_FROM_RESTORE))) {
        // restored in place
      }
    }
  }

  /**
   * Reports a checkpoint that failed to restore, naming its file; the caller tries an older one.
   */
  void unreadable(Path prefix, RuntimeException e) {
    String msg = TfExporter.unreadableMessage(prefix, e);
    log.warn("{}; trying an older one", msg);
    listeners.forEach(l -> l.onAlarm(-1, msg));
  }

  private void restore(Path prefix) {
    session.initialize(); // variables not in the checkpoint (none, normally) keep their init
    try (TString name = TString.scalarOf(prefix.toString());
        Result r =
            SessionRuns.run(
                session.runner().feed(TfSaver.FILENAME, name).addTarget(TfSaver.RESTORE))) {
      // restored in place
    }
  }
}
