package dev.auxloss.tf.train;

import dev.auxloss.api.data.Batch;
import dev.auxloss.tf.graph.TrainingGraph;
import dev.auxloss.tf.profile.TfProfiler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * Runs the built graph on a batch: the one {@code Session.run} of a training step (the train op
 * plus the step's telemetry: every scalar on a summary step, {@link TrainingGraph#everyStep} on the
 * others, so ops feeding only summaries are pruned by TF), and the read-only runs tests and
 * benchmarks use. Shared by the loop and the evaluator so both feed a batch the same way.
 */
final class StepRunner {
  private final Session session;
  private final TrainingGraph tg;
  private final List<String> telemetryKeys;
  private final List<String> everyStepKeys;
  private final TfProfiler profiler;
  private final long profileEvery;

  /**
   * {@code profiler} may be null (no step is traced); else every {@code profileEvery}-th step is.
   */
  StepRunner(Session session, TrainingGraph tg, TfProfiler profiler, long profileEvery) {
    this.session = session;
    this.tg = tg;
    this.telemetryKeys = new ArrayList<>(tg.telemetry().keySet());
    this.everyStepKeys = tg.everyStep();
    this.profiler = profiler;
    this.profileEvery = profileEvery;
  }

  /** A runner fed with the batch's tensors the graph has placeholders for (others are not read). */
  Session.Runner runnerFor(Map<String, Tensor> batch) {
    Session.Runner r = session.runner();
    batch.forEach(
        (name, t) -> {
          var p = tg.feeds().get(name);
          if (p != null) r.feed(p, t);
        });
    return r;
  }

  /**
   * One update and its telemetry, all of it on a {@code summary} step; {@code stepAfter} names the
   * step (-1 outside the loop: never traced). A traced step fetches everything.
   */
  StepMetrics train(Map<String, Tensor> batch, long stepAfter, boolean summary) {
    long t0 = System.nanoTime();
    boolean traced = profiler != null && stepAfter > 0 && stepAfter % profileEvery == 0;
    List<String> keys = summary || traced ? telemetryKeys : everyStepKeys;
    Session.Runner r = stepRunner(batch, keys);
    if (traced) r.setOptions(TfProfiler.fullTrace());
    Map<String, Double> scalars;
    try (Result res = traced ? SessionRuns.runAndFetchMetadata(r) : SessionRuns.run(r)) {
      scalars = telemetry(res, keys);
      if (traced) res.getMetadata().ifPresent(profiler::add);
    }
    return new StepMetrics(stepAfter, (System.nanoTime() - t0) / 1e9, scalars);
  }

  /** The step's run: feeds, the train op, the telemetry of a summary step or an ordinary one. */
  Session.Runner stepRunner(Map<String, Tensor> batch, boolean summary) {
    return stepRunner(batch, summary ? telemetryKeys : everyStepKeys);
  }

  private Session.Runner stepRunner(Map<String, Tensor> batch, List<String> keys) {
    Session.Runner r = runnerFor(batch);
    r.addTarget(tg.trainOp());
    for (String k : keys) r.fetch(tg.telemetry().get(k));
    return r;
  }

  /** The step's telemetry without updating. */
  Map<String, Double> peek(Batch batch) {
    Map<String, Tensor> t = BatchFeeder.toTensors(batch);
    try {
      Session.Runner r = runnerFor(t);
      for (String k : telemetryKeys) r.fetch(tg.telemetry().get(k));
      try (Result res = SessionRuns.run(r)) {
        return telemetry(res, telemetryKeys);
      }
    } finally {
      t.values().forEach(Tensor::close);
    }
  }

  /** Any float operand of the graph for a batch. */
  float[] fetch(Operand<TFloat32> op, Batch batch) {
    Map<String, Tensor> t = BatchFeeder.toTensors(batch);
    try {
      try (Result res = SessionRuns.run(runnerFor(t).fetch(op))) {
        TFloat32 v = (TFloat32) res.get(0);
        float[] out = new float[(int) v.shape().size()];
        v.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
        return out;
      }
    } finally {
      t.values().forEach(Tensor::close);
    }
  }

  private static Map<String, Double> telemetry(Result res, List<String> keys) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++)
      out.put(keys.get(i), (double) ((TFloat32) res.get(i)).getFloat());
    return out;
  }
}
