package dev.auxloss.bench;

import dev.auxloss.config.AuxInjector;
import dev.auxloss.config.ExperimentLoader;
import dev.auxloss.config.ExperimentResolver;
import dev.auxloss.config.LoadedExperiment;
import dev.auxloss.config.Registry;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.TfBackendModule;
import dev.auxloss.tf.profile.ProfileTable;
import dev.auxloss.tf.profile.TfProfiler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code P1}: each auxiliary term's share of the step (TF step stats, {@link TfProfiler}) for the
 * configs in {@code resources/p1/}: cnn-ds, deep-plain (vision registry) and text-lm (nlp registry,
 * skipped with a note when losses-nlp is not on the classpath). {@code -Dp1.samples} traced steps
 * (default 10) after 5 untraced ones. XLA must be off: a compiled cluster is one opaque op.
 */
final class ProfileBench {
  static final List<String> CONFIGS = List.of("cnn-ds", "deep-plain", "text-lm");

  private ProfileBench() {}

  static void run(Path tmp) {
    int samples = Integer.getInteger("p1.samples", 10);
    for (String name : CONFIGS) {
      TrainingPlan plan;
      try {
        plan = plan(name);
      } catch (RuntimeException e) {
        System.out.printf(
            "P1 %s skipped: %s%n", name, e.getMessage().lines().findFirst().orElse(""));
        continue;
      }
      ProfileTable t = TfProfiler.profile(plan, tmp.resolve("p1-" + name), 5, samples);
      System.out.print(t.toText().indent(2));
      for (ProfileTable.Row r : t.rows()) {
        if (!r.role().equals("AUXILIARY")) continue;
        System.out.printf(
            Locale.ROOT,
            "P1 %s term=%s share=%.3f fwd_ms=%.2f bwd_ms=%.2f wgt_ms=%.3f opt_ms=%.2f%n",
            name,
            r.term(),
            t.share(r),
            r.forwardMs(),
            r.backwardMs(),
            r.weightingMs(),
            r.optimizerMs());
      }
      System.out.printf(
          Locale.ROOT,
          "P1 %s all_aux_share=%.3f samples=%d written=%s%n",
          name,
          t.auxiliaryShare(),
          t.samples(),
          tmp.resolve("p1-" + name).resolve("profile"));
    }
  }

  /** The P1 config {@code name} resolved against every module on the classpath. */
  static TrainingPlan plan(String name) {
    String text;
    try (InputStream in = ProfileBench.class.getResourceAsStream("/p1/" + name + ".pbtxt")) {
      if (in == null) throw new IllegalStateException("no resource /p1/" + name + ".pbtxt");
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    LoadedExperiment loaded = ExperimentLoader.parse(text, "p1/" + name + ".pbtxt");
    Registry registry =
        Registry.from(AuxInjector.forExperiment(loaded, List.of(new TfBackendModule())));
    return ExperimentResolver.resolve(loaded, registry).plan();
  }
}
