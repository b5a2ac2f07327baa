package dev.auxloss.bench;

import dev.auxloss.bench.Bench.Staged;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.tf.profile.TfProfiler;
import dev.auxloss.tf.train.TfTrainingSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * {@code P10}: where S10's two arms spend their op time, by op type — ResNet-18 through auxloss and
 * {@link HandWrittenResNet}, each traced with FULL_TRACE for {@code -Dp10.samples} steps (default
 * 5) after 3 untraced ones, one arm after the other in this process. Op times overlap when TF runs
 * ops side by side, so their sum exceeds the step's wall time; the comparison is per op type.
 */
final class OpTypeProfile {
  private OpTypeProfile() {}

  static void run(Path tmp) throws Exception {
    int samples = Integer.getInteger("p10.samples", 5);
    try (Staged b = Staged.random(RandomImages.IMAGE)) {
      Map<String, double[]> aux;
      try (TfTrainingSession s =
          TfTrainingSession.open(
              SpeedArms.resnet18(RuntimeSettings.defaults()), tmp.resolve("p10"))) {
        aux = byOpType(() -> TfProfiler.tracedStep(s, b.auxloss()), samples);
      }
      Map<String, double[]> hand;
      try (HandWrittenResNet h = new HandWrittenResNet()) {
        hand = byOpType(() -> h.tracedStep(b.image, b.label, TfProfiler.fullTrace()), samples);
      }
      TreeSet<String> types = new TreeSet<>(aux.keySet());
      types.addAll(hand.keySet());
      System.out.printf(
          "P10 op_type auxloss_ms hand_ms auxloss_ops hand_ops samples=%d%n", samples);
      types.stream()
          .sorted((x, y) -> Double.compare(ms(aux, y) + ms(hand, y), ms(aux, x) + ms(hand, x)))
          .forEach(
              t ->
                  System.out.printf(
                      Locale.ROOT,
                      "P10 %-32s %9.2f %9.2f %5.0f %5.0f%n",
                      t,
                      ms(aux, t),
                      ms(hand, t),
                      count(aux, t),
                      count(hand, t)));
      System.out.printf(
          Locale.ROOT, "P10 total auxloss_ms=%.1f hand_ms=%.1f%n", total(aux), total(hand));
    }
  }

  /** {op type → [ms per step, ops per step]} over {@code samples} traced steps after 3 warm-ups. */
  static Map<String, double[]> byOpType(Supplier<RunMetadata> step, int samples) {
    return byKey(step, samples, OpTypeProfile::opType);
  }

  /** {key of a node → [ms per step, nodes per step]} as {@link #byOpType}, keyed by {@code key}. */
  static Map<String, double[]> byKey(
      Supplier<RunMetadata> step, int samples, Function<NodeExecStats, String> key) {
    for (int i = 0; i < 3; i++) step.get();
    Map<String, double[]> t = new HashMap<>();
    for (int i = 0; i < samples; i++) {
      for (DeviceStepStats d : step.get().getStepStats().getDevStatsList()) {
        for (NodeExecStats s : d.getNodeStatsList()) {
          double[] v = t.computeIfAbsent(key.apply(s), k -> new double[2]);
          v[0] += s.getAllEndRelMicros() / 1000.0 / samples;
          v[1] += 1.0 / samples;
        }
      }
    }
    return t;
  }

  /** The op type from a timeline label {@code "name = Type(inputs)"}; the node name otherwise. */
  private static String opType(NodeExecStats s) {
    String label = s.getTimelineLabel();
    int eq = label.indexOf(" = ");
    if (eq < 0) return s.getNodeName();
    int paren = label.indexOf('(', eq);
    return label.substring(eq + 3, paren < 0 ? label.length() : paren);
  }

  static double ms(Map<String, double[]> t, String type) {
    double[] v = t.get(type);
    return v == null ? 0 : v[0];
  }

  static double count(Map<String, double[]> t, String type) {
    double[] v = t.get(type);
    return v == null ? 0 : v[1];
  }

  static double total(Map<String, double[]> t) {
    return t.values().stream().mapToDouble(v -> v[0]).sum();
  }
}
