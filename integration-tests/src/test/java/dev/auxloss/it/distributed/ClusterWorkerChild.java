package dev.auxloss.it.distributed;

import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.weighting.WeightingStrategy;
import dev.auxloss.cli.cluster.ClusterEnvironment;
import dev.auxloss.config.CompareOn;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.distributed.ClusterTarget;
import dev.auxloss.tf.testing.TinyTask;
import dev.auxloss.tf.train.StepMetrics;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.train.TrainingListener;
import dev.auxloss.tf.weighting.PcGradWeighting;
import dev.auxloss.tf.weighting.StaticWeighting;
import java.io.FileWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * One worker of the tiny task for the cluster tests, started by {@code LocalClusterLauncher} (the
 * cluster comes from {@code AUXLOSS_CLUSTER}, resolved as the CLI does; without it, one local
 * process). Appends "step primary_loss total_loss" per step to {@code log}; at the end writes every
 * float variable (model, heads, optimizer slots) as raw bits to {@code params}. Exit 0 done, 3
 * stopped by an error (the message, explained by {@code ClusterTarget.explain}, on stderr).
 *
 * <p>Args (key=value): run, log, params, resume, steps, batch, weighting (static|pcgrad), sleepMs.
 */
public final class ClusterWorkerChild {
  private ClusterWorkerChild() {}

  /**
   * {@code weighting}: "static", "pcgrad", "pcgrad@<compare_on>" (e.g. "pcgrad@endpoint:h1"), or
   * "pcgrad+local" (local combination), "static+syncbn" (the tiny model with batch norm after h1,
   * {@code sync_batch_norm} on).
   */
  static TrainingPlan plan(long steps, int batch, String weighting) {
    TrainingPlan tiny = TinyTask.plan(TinyTask.primaryAndTwoHeads(), steps);
    boolean local = weighting.endsWith("+local");
    boolean syncBn = weighting.endsWith("+syncbn");
    if (syncBn) tiny = tiny.toBuilder().model("tiny-bn", TINY_WITH_BATCH_NORM).build();
    weighting = weighting.replace("+local", "").replace("+syncbn", "");
    String key = weighting.split("@")[0];
    String compareOn =
        weighting.contains("@") ? weighting.substring(weighting.indexOf('@') + 1) : "shared";
    WeightingStrategy w = key.equals("pcgrad") ? new PcGradWeighting() : new StaticWeighting();
    return tiny.toBuilder()
        .batchSize(batch)
        .weighting(key, w)
        .compareOn(CompareOn.parse(compareOn).orElseThrow())
        .optimizer(OptimizerPlan.adam(1e-2))
        .training(
            TrainingSettings.builder()
                .steps(steps)
                .checkpointEvery(10)
                .summaryEvery(10)
                .keepCheckpoints(3)
                .build())
        .runtime(RuntimeSettings.builder().localCombination(local).syncBatchNorm(syncBn).build())
        .build();
  }

  /** TinyTask's model with batch norm between h1 and h2, so the backward pass crosses its stats. */
  private static final ModelFn TINY_WITH_BATCH_NORM =
      ctx -> {
        Layers l = ctx.layers();
        Operand<TFloat32> h1 = l.dense("h1", ctx.input("x", TFloat32.class), 16, Activation.RELU);
        Operand<TFloat32> h2 = l.dense("h2", l.batchNorm("bn", h1), 16, Activation.RELU);
        ctx.publish("h1", h1);
        ctx.publish("h2", h2);
        ctx.output("logits", l.dense("out", h2, TinyTask.CLASSES, Activation.NONE));
      };

  public static void main(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (String s : args) a.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
    long sleep = Long.parseLong(a.getOrDefault("sleepMs", "0"));
    TrainingPlan plan =
        plan(
            Long.parseLong(a.get("steps")),
            Integer.parseInt(a.get("batch")),
            a.getOrDefault("weighting", "static"));
    int code = 0;
    try (PrintWriter out = new PrintWriter(new FileWriter(a.get("log"), true));
        TfTrainingSession s =
            TfTrainingSession.open(
                plan,
                Path.of(a.get("run")),
                ClusterTarget.of(
                    ClusterEnvironment.resolve(plan.runtime(), System.getenv(), null),
                    plan.runtime()))) {
      s.addListener(
          new TrainingListener() {
            @Override
            public void onStep(StepMetrics m) {
              out.println(m.step() + " " + m.get("term/primary/raw") + " " + m.get("loss/total"));
              out.flush();
              if (sleep > 0) {
                try {
                  Thread.sleep(sleep);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            }
          });
      s.train(Boolean.parseBoolean(a.getOrDefault("resume", "false")));
      writeParams(s, Path.of(a.get("params")));
    } catch (RuntimeException e) {
      System.err.println("worker stopped: " + ClusterTarget.explain(e).getMessage());
      code = 3;
    } catch (Exception e) {
      e.printStackTrace();
      code = 4;
    }
    // A TF server cannot be stopped: a worker ends with its process.
    System.exit(code);
  }

  /** Every float resource variable, in name order, as "name bits bits ..." lines. */
  static void writeParams(TfTrainingSession s, Path file) throws Exception {
    Graph g = s.trainingGraph().graph();
    List<String> names = new ArrayList<>();
    g.operations()
        .forEachRemaining(
            op -> {
              if (op.type().equals("VarHandleOp")
                  && op.attributes().getAttrType("dtype") == DataType.DT_FLOAT) {
                names.add(op.name());
              }
            });
    names.sort(null);
    Ops tf = Ops.create(g).withSubScope("params_dump");
    List<Operand<TFloat32>> reads = new ArrayList<>();
    for (String n : names) reads.add(tf.readVariableOp(g.operation(n).output(0), TFloat32.class));
    Session.Runner r = s.session().runner();
    reads.forEach(r::fetch);
    StringBuilder b = new StringBuilder();
    try (Result res = r.run()) {
      for (int i = 0; i < names.size(); i++) {
        TFloat32 v = (TFloat32) res.get(i);
        b.append(names.get(i));
        v.scalars()
            .forEach(
                x ->
                    b.append(' ')
                        .append(Integer.toHexString(Float.floatToRawIntBits(x.getFloat()))));
        b.append('\n');
      }
    }
    b.append("global_step ").append(s.globalStep()).append('\n');
    Files.writeString(file, b.toString());
  }
}
