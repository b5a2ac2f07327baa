package dev.auxloss.bench;

import dev.auxloss.bench.Bench.Staged;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.tf.train.TfTrainingSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * One arm of a {@link ProcessArms} comparison, in its own JVM so that what TF fixes per process
 * (the intra-op pool, sized by the first session; oneDNN, the allocator and XLA flags, read from
 * the environment when the natives load) is this arm's own. Args: kind ({@code auxloss}: cnn-ds
 * with two GAP heads; {@code hand}: the hand-written graph with a default Session; {@code
 * resnet-auxloss} / {@code resnet-hand}: ResNet-18, CIFAR stem, on 32×32×3; {@code
 * resnet-auxloss-frozen}: with S11's frozen prefix), runtime spec ({@link RuntimeSpec}), warm-up
 * steps. auxloss arms run ordinary steps, as training does between summaries. Prints {@code ready};
 * then each stdin line {@code b N} runs N steps and prints {@code ms <wall ms/step> cpu <process
 * CPU ms/step>}; any other line ends it.
 */
public final class ArmChild {
  private ArmChild() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    RuntimeSettings r = RuntimeSpec.parse(args.length > 1 ? args[1] : "");
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : Bench.WARMUP;
    try (Staged b =
        kind.startsWith("resnet") ? Staged.random(RandomImages.IMAGE) : Staged.random()) {
      AutoCloseable owned;
      Runnable step;
      if (kind.equals("hand")) {
        HandWrittenCnn h = new HandWrittenCnn(true);
        owned = h;
        step = () -> h.fusedStep(b.image, b.label);
      } else if (kind.equals("resnet-hand")) {
        HandWrittenResNet h = new HandWrittenResNet();
        owned = h;
        step = () -> h.step(b.image, b.label);
      } else if (kind.startsWith("resnet-auxloss")) {
        TrainingPlan plan =
            kind.equals("resnet-auxloss-frozen")
                ? SpeedArms.resnet18Frozen(r)
                : SpeedArms.resnet18(r);
        TfTrainingSession s = TfTrainingSession.open(plan, Files.createTempDirectory("arm"));
        owned = s;
        step = () -> s.step(b.auxloss(), false);
      } else if (kind.equals("auxloss")) {
        TfTrainingSession s =
            TfTrainingSession.open(SpeedArms.cnnDs(true, r), Files.createTempDirectory("arm"));
        owned = s;
        step = () -> s.step(b.auxloss(), false);
      } else {
        throw new IllegalArgumentException(
            "arm kind is auxloss, hand, resnet-auxloss, resnet-auxloss-frozen or resnet-hand,"
                + " found '"
                + kind
                + "'");
      }
      try (owned) {
        for (int i = 0; i < warmup; i++) step.run();
        System.out.println("ready");
        System.out.flush();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && line.startsWith("b "); ) {
          int n = Integer.parseInt(line.substring(2).trim());
          long t0 = System.nanoTime();
          long c0 = Blocks.cpuNanos();
          for (int i = 0; i < n; i++) step.run();
          System.out.println(
              "ms "
                  + (System.nanoTime() - t0) / 1e6 / n
                  + " cpu "
                  + (Blocks.cpuNanos() - c0) / 1e6 / n);
          System.out.flush();
        }
      }
    }
  }
}
