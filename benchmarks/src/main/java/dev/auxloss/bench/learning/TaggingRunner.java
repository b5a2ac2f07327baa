package dev.auxloss.bench.learning;

import dev.auxloss.api.config.TrainingPlan;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * {@link Runner} for sequence labelling: the same training path ({@link TfTrainingSession#train}),
 * scored by <b>token accuracy over real (non-padding) tokens</b> of the served per-token {@code
 * logits} [B,T,K] against the {@code tags} field [B,T].
 *
 * <p>Why not {@code TfTrainingSession.evaluate}: its evaluation pass ({@code EvalPass}) computes
 * {@code accuracy} only when the dataset has a {@code label} field; a tagging dataset has {@code
 * tags}, so {@code evaluate} returns the primary loss and no accuracy. This runner fetches the
 * inference-mode {@code logits} of that same evaluation pass ({@code trainingGraph().evalOutputs()},
 * no dropout) batch by batch and computes on the host exactly what {@code EvalPass} computes for a
 * rank-matched {@code label}: {@code Σ mask·[argmax = tag] / Σ mask} with {@code token_mask} as the
 * mask (BOS and EOS count, as real tokens, both tagged O). No other metric (F1, non-O accuracy) is
 * reported: the backend computes none.
 *
 * <p>The validation curve is scored from a step listener every {@code setting.evalEvery()} steps; the
 * plan itself is run with {@code evalEvery = 0} so the backend does not run a second, loss-only pass.
 */
public final class TaggingRunner {
  private TaggingRunner() {}

  /** Runs after the test split was scored, before the session closes (e.g. to read router loads). */
  @FunctionalInterface
  public interface AfterTraining {
    void accept(TfTrainingSession run, TrainingPlan plan, Arm arm, long seed);
  }

  public static RunResult run(Setting setting, Arm arm, long seed, Path tmp) {
    return run(setting, arm, seed, tmp, (r, p, a, s) -> {});
  }

  public static RunResult run(Setting setting, Arm arm, long seed, Path tmp, AfterTraining after) {
    long every = setting.evalEvery();
    Setting quiet = new Setting(setting.id(), setting.modelName(), setting.model(), setting.datasetName(),
        setting.dataset(), setting.batchSize(), setting.optimizer(), setting.steps(), 0, setting.evalBatches(), false);
    TrainingPlan plan = quiet.plan(arm, seed);
    Path dir = tmp.resolve(setting.id() + "-" + arm.name() + "-s" + seed);
    long t0 = System.nanoTime();
    List<RunResult.Point> curve = new ArrayList<>();
    double[] stepSeconds = {0};
    double test;
    double f1;
    try (TfTrainingSession run = TfTrainingSession.open(plan, dir)) {
      Operand<TFloat32> logits = logits(run);
      run.addListener(new TrainingListener() {
        @Override
        public void onStep(StepMetrics m) {
          stepSeconds[0] += m.seconds();
          // Called on the training thread between steps, so the weights are those of this step.
          if (every > 0 && m.step() % every == 0 && m.step() < setting.steps()) {
            curve.add(new RunResult.Point(m.step(), tokenAccuracy(run, plan, logits, Split.VALIDATION)));
          }
        }
      });
      run.train(false);
      curve.add(new RunResult.Point(setting.steps(), tokenAccuracy(run, plan, logits, Split.VALIDATION)));
      test = tokenAccuracy(run, plan, logits, Split.TEST);
      f1 = run.evaluate(Split.TEST).getOrDefault("macro_f1", Double.NaN);
      after.accept(run, plan, arm, seed);
    } finally {
      Runner.delete(dir);
    }
    return new RunResult(arm.name(), seed, test, curve, List.of(), (System.nanoTime() - t0) / 1e9, stepSeconds[0],
        f1);
  }

  /** The inference-mode {@code logits} output of the evaluation pass. */
  @SuppressWarnings("unchecked")
  static Operand<TFloat32> logits(TfTrainingSession run) {
    Operand<?> o = run.trainingGraph().evalOutputs().get("logits");
    if (o == null) throw new IllegalStateException("the model serves no 'logits' output: " + run.trainingGraph().evalOutputs().keySet());
    return (Operand<TFloat32>) o;
  }

  /** Token accuracy of the inference-mode logits over {@code token_mask} on a split (whole split unless evalBatches > 0). */
  static double tokenAccuracy(TfTrainingSession run, TrainingPlan plan, Operand<TFloat32> logits, Split split) {
    double correct = 0;
    double count = 0;
    int limit = plan.training().evalBatches();
    Iterator<Batch> it = plan.dataset().batches(split, plan.batchSize(), plan.seed());
    for (int b = 0; it.hasNext() && (limit <= 0 || b < limit); b++) {
      Batch batch = it.next();
      float[] z = run.fetch(logits, batch);
      int[] tags = ((HostTensor.Ints) batch.get("tags")).values();
      float[] mask = ((HostTensor.Floats) batch.get("token_mask")).values();
      int k = z.length / tags.length;
      for (int i = 0; i < tags.length; i++) {
        if (mask[i] == 0) continue;
        int best = 0;
        for (int j = 1; j < k; j++) if (z[i * k + j] > z[i * k + best]) best = j;
        if (best == tags[i]) correct += mask[i];
        count += mask[i];
      }
    }
    return count > 0 ? correct / count : Double.NaN;
  }

  /** Share of real tokens of a split whose tag is {@code tag} (0 = O: the all-O predictor's token accuracy). */
  public static double tagShare(Dataset data, Split split, int tag) {
    double hit = 0;
    double count = 0;
    for (Iterator<Batch> it = data.batches(split, 256, 1); it.hasNext(); ) {
      Batch batch = it.next();
      int[] tags = ((HostTensor.Ints) batch.get("tags")).values();
      float[] mask = ((HostTensor.Floats) batch.get("token_mask")).values();
      for (int i = 0; i < tags.length; i++) {
        if (tags[i] == tag) hit += mask[i];
        count += mask[i];
      }
    }
    return hit / count;
  }
}
