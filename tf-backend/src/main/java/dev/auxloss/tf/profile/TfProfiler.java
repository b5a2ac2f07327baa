package dev.auxloss.tf.profile;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Split;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.graph.TfVariableStore;
import dev.auxloss.tf.graph.TrainingGraph;
import dev.auxloss.tf.train.BatchFeeder;
import dev.auxloss.tf.train.ExecutionTarget;
import dev.auxloss.tf.train.TfTrainingSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/**
 * Each auxiliary term's share of the training step, from TF step stats: sampled steps run with
 * {@code RunOptions} FULL_TRACE, and every op's time is charged to the term that caused it (its
 * head's forward, its part of the backward pass, its weighting, its variables' updates) or to the
 * shared ops ({@link OpAttribution}). Profile with XLA off: a compiled cluster is one opaque op.
 *
 * <pre>{@code
 * ProfileTable t = TfProfiler.profile(plan, runDir, 5, 20);   // also writes runDir/profile.{txt,csv}
 * t.share(t.row("aux_block1"));                                // e.g. 0.04: 4 % of the step's op time
 * }</pre>
 *
 * The trainer samples every {@code training.profile_every} steps into a profiler built with {@link
 * #forGraph} and writes the table when training ends.
 */
public final class TfProfiler {
  private final OpAttribution attribution;
  private final List<String> terms;
  private final Map<String, String> roles;
  private final Map<String, EnumMap<Phase, Double>> micros = new LinkedHashMap<>();
  private int samples;
  private double wallMicros;

  private TfProfiler(OpAttribution attribution, List<TermPlan> terms) {
    this.attribution = attribution;
    this.terms = terms.stream().map(TermPlan::name).toList();
    this.roles = new LinkedHashMap<>();
    for (TermPlan t : terms) roles.put(t.name(), t.role().name());
  }

  /** A profiler for the step of {@code tg}, whose terms are {@code terms}. */
  public static TfProfiler forGraph(TrainingGraph tg, List<TermPlan> terms) {
    Map<String, String> scopes = new LinkedHashMap<>();
    for (TermPlan t : terms) scopes.put(TfVariableStore.opName(t.name()), t.name());
    Map<String, String> valueOps = new LinkedHashMap<>();
    tg.termValues().forEach((name, v) -> valueOps.put(v.op().name(), name));
    return new TfProfiler(new OpAttribution(tg.graph().toGraphDef(), scopes, valueOps), terms);
  }

  /** The run options of a sampled step. */
  public static RunOptions fullTrace() {
    return RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
  }

  /** Adds one traced step's stats. */
  public synchronized void add(RunMetadata metadata) {
    List<DeviceStepStats> devices = metadata.getStepStats().getDevStatsList();
    // On GPU, "stream:all" holds the kernels' times; the device's own list holds their launches.
    boolean streams = devices.stream().anyMatch(d -> d.getDevice().endsWith("/stream:all"));
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (DeviceStepStats d : devices) {
      if (streams && d.getDevice().contains("GPU") && !d.getDevice().endsWith("/stream:all"))
        continue;
      for (NodeExecStats n : d.getNodeStatsList()) {
        long dur = Math.max(0, n.getAllEndRelMicros());
        OpAttribution.Owner o = attribution.owner(n.getNodeName());
        String key = o.term() == null ? ProfileTable.SHARED : o.term();
        micros
            .computeIfAbsent(key, k -> new EnumMap<>(Phase.class))
            .merge(o.phase(), (double) dur, Double::sum);
        first = Math.min(first, n.getAllStartMicros());
        last = Math.max(last, n.getAllStartMicros() + dur);
      }
    }
    if (last > first) wallMicros += last - first;
    samples++;
  }

  /** The mean per sampled step so far. */
  public synchronized ProfileTable table() {
    List<ProfileTable.Row> rows = new ArrayList<>();
    double[] total = new double[Phase.values().length];
    List<String> keys = new ArrayList<>(terms);
    keys.add(ProfileTable.SHARED);
    for (String k : keys) {
      EnumMap<Phase, Double> m = micros.getOrDefault(k, new EnumMap<>(Phase.class));
      double[] ms = new double[Phase.values().length];
      for (Phase p : Phase.values()) {
        ms[p.ordinal()] = samples == 0 ? 0 : m.getOrDefault(p, 0.0) / 1000.0 / samples;
        total[p.ordinal()] += ms[p.ordinal()];
      }
      rows.add(row(k, roles.getOrDefault(k, "-"), ms));
    }
    rows.add(row(ProfileTable.TOTAL, "-", total));
    double op = 0;
    for (double t : total) op += t;
    return new ProfileTable(samples, samples == 0 ? 0 : wallMicros / 1000.0 / samples, op, rows);
  }

  private static ProfileTable.Row row(String term, String role, double[] ms) {
    return new ProfileTable.Row(
        term,
        role,
        ms[Phase.FORWARD.ordinal()],
        ms[Phase.BACKWARD.ordinal()],
        ms[Phase.WEIGHTING.ordinal()],
        ms[Phase.OPTIMIZER.ordinal()],
        ms[Phase.OTHER.ordinal()]);
  }

  /**
   * Trains {@code warmup} untraced then {@code samples} traced steps on the plan's training data in
   * a fresh session; writes {@code profile/profile.txt} and {@code profile/profile.csv} in {@code
   * runDir}. This is what {@code auxloss profile --config F} runs.
   */
  public static ProfileTable profile(TrainingPlan plan, Path runDir, int warmup, int samples) {
    if (samples <= 0) throw new IllegalArgumentException("samples must be > 0, found " + samples);
    try (TfTrainingSession run = TfTrainingSession.open(plan, runDir, ExecutionTarget.LOCAL)) {
      Iterator<Batch> data = plan.dataset().batches(Split.TRAIN, plan.batchSize(), plan.seed());
      ProfileTable t = profile(run, plan.terms(), data, warmup, samples);
      t.write(runDir.resolve("profile"));
      return t;
    }
  }

  /** Like {@link #profile(TrainingPlan, Path, int, int)} on an open session; writes nothing. */
  public static ProfileTable profile(
      TfTrainingSession run, List<TermPlan> terms, Iterator<Batch> data, int warmup, int samples) {
    TfProfiler p = forGraph(run.trainingGraph(), terms);
    for (int i = 0; i < Math.max(1, warmup); i++) {
      Map<String, Tensor> batch = BatchFeeder.toTensors(data.next());
      try {
        run.step(batch);
      } finally {
        batch.values().forEach(Tensor::close);
      }
    }
    for (int i = 0; i < samples; i++) {
      Map<String, Tensor> batch = BatchFeeder.toTensors(data.next());
      try {
        p.add(tracedStep(run, batch));
      } finally {
        batch.values().forEach(Tensor::close);
      }
    }
    return p.table();
  }

  /** The trainer's summary step (feeds, train op, every telemetry fetch) with FULL_TRACE. */
  public static RunMetadata tracedStep(TfTrainingSession run, Map<String, Tensor> batch) {
    return tracedStep(run, batch, true);
  }

  /**
   * The trainer's step with FULL_TRACE: a summary step fetches every telemetry value, an ordinary
   * one only {@link TrainingGraph#everyStep} (as {@link TfTrainingSession#step} does).
   */
  public static RunMetadata tracedStep(
      TfTrainingSession run, Map<String, Tensor> batch, boolean summary) {
    Session.Runner r = run.stepRunner(batch, summary).setOptions(fullTrace());
    try (Result res = r.runAndFetchMetadata()) {
      return res.getMetadata()
          .orElseThrow(() -> new IllegalStateException("TF returned no run metadata"));
    }
  }
}
