package dev.auxloss.cli.run;

import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.loss.Role;
import dev.auxloss.config.TermPlan;
import dev.auxloss.tf.graph.TelemetryKeys;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TrainingListener;
import dev.auxloss.tf.train.TrainingOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run as it trains. On a terminal ({@code System.console() != null}): a progress bar with
 * steps, rate and ETA, and the primary loss and every term's raw loss as its message. Otherwise
 * (logs, CI, pipes): one plain line about every 5 % of the run, and at the first and last step:
 *
 * <pre>
 * step   60/300  loss 0.8123  vision.cross_entropy 0.6521  vision.aux_classifier 0.5340  skipped 2  21.4 steps/s  eta 0:11
 * </pre>
 *
 * "skipped N" counts the bad examples {@code data.on_bad_example: SKIP} left out so far (shown once
 * there is one); each skip's own warning is printed as it is taken from {@link BadExamples}.
 */
public final class ProgressListener implements TrainingListener, AutoCloseable {
  private final PrintWriter out;
  private final boolean console;
  private final List<TermPlan> terms;
  private final String primary;
  private final BadExamples bad;
  private ProgressBar bar;
  private long total;
  private long start;
  private long every;
  private long startNanos;

  public ProgressListener(PrintWriter out, boolean console, List<TermPlan> terms, BadExamples bad) {
    this.out = out;
    this.console = console;
    this.terms = terms;
    this.bad = bad;
    this.primary =
        terms.stream()
            .filter(t -> t.role() == Role.PRIMARY)
            .map(TermPlan::name)
            .findFirst()
            .orElse(null);
  }

  @Override
  public void onStart(long startStep, long totalSteps) {
    start = startStep;
    total = totalSteps;
    every = Math.max(1, (totalSteps - startStep) / 20);
    startNanos = System.nanoTime();
    if (startStep > 0) out.println("resuming at step " + startStep + " of " + totalSteps);
    if (console) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("train")
              .setInitialMax(totalSteps)
              .startsFrom(startStep, Duration.ZERO)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUpdateIntervalMillis(250)
              .showSpeed()
              .setUnit(" steps", 1)
              // stdout, where progress belongs: the launcher passes stderr through a line filter.
              .setConsumer(new ConsoleProgressBarConsumer(System.out))
              .build();
    }
    warnings();
  }

  /**
   * The bad examples skipped since the last call (reading before training, or the input thread).
   */
  private void warnings() {
    for (String w : bad.takeWarnings()) println("warning: " + w);
  }

  @Override
  public void onStep(StepMetrics m) {
    warnings();
    if (bar != null) {
      bar.stepTo(m.step());
      bar.setExtraMessage(message(m, true));
    } else if (m.step() == start + 1 || m.step() % every == 0 || m.step() >= total) {
      double elapsed = (System.nanoTime() - startNanos) / 1e9;
      double rate = (m.step() - start) / Math.max(1e-9, elapsed);
      long eta = Math.round((total - m.step()) / Math.max(1e-9, rate));
      int width = String.valueOf(total).length();
      out.printf(
          Locale.ROOT,
          "step %" + width + "d/%d  %s  %.1f steps/s  eta %d:%02d%n",
          m.step(),
          total,
          message(m, false),
          rate,
          eta / 60,
          eta % 60);
    }
  }

  @Override
  public void onEvaluation(long step, Split split, Map<String, Double> metrics) {
    println(
        "eval  step "
            + step
            + " "
            + split.name().toLowerCase(Locale.ROOT)
            + ": "
            + format(metrics));
  }

  @Override
  public void onAlarm(long step, String message) {
    println("warning: " + (step >= 0 ? "step " + step + ": " : "") + message);
  }

  @Override
  public void onFinish(TrainingOutcome outcome) {
    close();
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
    bar = null;
    out.flush();
  }

  /**
   * Plain: "loss 0.81 total 0.97 vision.cross_entropy 0.81 vision.aux_classifier 0.53" (the
   * primary, the weighted total, every term). On the bar, where width is short: "| loss 0.81
   * aux_classifier 0.53" (the primary, then the other terms by the last part of their name).
   */
  String message(StepMetrics m, boolean bar) {
    StringBuilder sb = new StringBuilder(bar ? "| " : "");
    Double p = primary == null ? null : m.scalars().get(TelemetryKeys.raw(primary));
    Double total = m.scalars().get(TelemetryKeys.TOTAL_LOSS);
    if (p != null) sb.append("loss ").append(num(p));
    if (total != null && !bar) sb.append(p != null ? "  total " : "total ").append(num(total));
    for (TermPlan t : terms) {
      Double raw = m.scalars().get(TelemetryKeys.raw(t.name()));
      if (raw == null || (bar && t.name().equals(primary))) continue;
      String name = bar ? t.name().substring(t.name().lastIndexOf('.') + 1) : t.name();
      sb.append("  ").append(name).append(' ').append(num(raw));
    }
    long skipped = bad.skipped();
    if (skipped > 0) sb.append("  skipped ").append(skipped);
    return sb.toString();
  }

  private void println(String line) {
    if (bar != null) out.println(); // leave the bar's line intact
    out.println(line);
    out.flush();
  }

  /** "accuracy 0.9312 examples 1000.0000": metrics sorted by name. */
  public static String format(Map<String, Double> metrics) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(metrics)
        .forEach(
            (k, v) -> sb.append(sb.length() == 0 ? "" : "  ").append(k).append(' ').append(num(v)));
    return sb.toString();
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.valueOf((long) v);
    return String.format(
        Locale.ROOT, Math.abs(v) >= 1000 || (v != 0 && Math.abs(v) < 1e-3) ? "%.3e" : "%.4f", v);
  }
}
