package dev.auxloss.tf.runtime;

import com.google.protobuf.TextFormat;
import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.layers.Layers;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.RuntimeSettings.Toggle;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.testing.TinyTask;
import dev.auxloss.tf.train.BatchFeeder;
import dev.auxloss.tf.train.TfTrainingSession;
import dev.auxloss.tf.weighting.AlignedMtlWeighting;
import dev.auxloss.tf.weighting.CaGradWeighting;
import dev.auxloss.tf.weighting.DbMtlWeighting;
import dev.auxloss.tf.weighting.FamoWeighting;
import dev.auxloss.tf.weighting.ImtlGradWeighting;
import dev.auxloss.tf.weighting.MetaBalanceWeighting;
import dev.auxloss.tf.weighting.MgdaWeighting;
import dev.auxloss.tf.weighting.NashMtlWeighting;
import dev.auxloss.tf.weighting.PcGradWeighting;
import dev.auxloss.tf.weighting.RlwWeighting;
import dev.auxloss.tf.weighting.StaticWeighting;
import dev.auxloss.tf.weighting.UpGradWeighting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Child JVM of {@link XlaClusteringTest}, started with {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit
 * --tf_xla_clustering_debug} and {@code TF_DUMP_GRAPH_PREFIX=<dir>} (TF reads both once, when its
 * natives load). Runs one fused step of a small conv model with an auxiliary head, Adam and the
 * global step, with XLA on, for each remapper setting (and weighting strategy) given; prints, per
 * setting, how many XLA clusters TF's auto-clustering made of the step and which compute ops stayed
 * out of every cluster.
 */
public final class XlaClusterProbe {
  /** Not compute: the runtime's own nodes, handles, constants and the train op's NoOp. */
  private static final Set<String> NOT_COMPUTE =
      Set.of(
          "_Arg",
          "_Retval",
          "NoOp",
          "VarHandleOp",
          "Const",
          "Placeholder",
          "PlaceholderWithDefault");

  static final ModelFn CONV =
      ctx -> {
        Layers l = ctx.layers();
        Ops tf = l.tf();
        Operand<TFloat32> x =
            tf.reshape(ctx.input("x", TFloat32.class), tf.constant(new long[] {-1, 2, 4, 1}));
        Operand<TFloat32> c = l.conv2d("conv", x, 4, 3, 1, Activation.RELU);
        ctx.publish("conv/features", c);
        Operand<TFloat32> h = l.dense("fc", l.flatten(c), 16, Activation.RELU);
        ctx.output("logits", l.dense("out", h, TinyTask.CLASSES, Activation.NONE));
      };

  static final AuxLoss GAP_HEAD =
      ctx -> {
        Ops tf = ctx.tf();
        Operand<TFloat32> logits =
            ctx.layers()
                .dense(
                    "head",
                    ctx.layers().globalAvgPool(ctx.endpoint("conv/features")),
                    TinyTask.CLASSES,
                    Activation.NONE);
        Operand<TFloat32> onehot =
            tf.oneHot(
                ctx.label("label", TInt32.class),
                tf.constant(TinyTask.CLASSES),
                tf.constant(1f),
                tf.constant(0f));
        return tf.math.mean(
            tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss(), tf.constant(0));
      };

  private XlaClusterProbe() {}

  /** The strategies a probe may name (static otherwise). */
  private static final Map<String, WeightingFactory> STRATEGIES =
      Map.ofEntries(
          Map.entry(MetaBalanceWeighting.KEY, MetaBalanceWeighting.factory()),
          Map.entry(DbMtlWeighting.KEY, DbMtlWeighting.factory()),
          Map.entry(UpGradWeighting.KEY, UpGradWeighting.factory()),
          Map.entry(AlignedMtlWeighting.KEY, AlignedMtlWeighting.factory()),
          Map.entry(FamoWeighting.KEY, FamoWeighting.factory()),
          Map.entry(RlwWeighting.KEY, RlwWeighting.factory()),
          Map.entry(PcGradWeighting.KEY, PcGradWeighting.factory()),
          Map.entry(ImtlGradWeighting.KEY, ImtlGradWeighting.factory()),
          Map.entry(NashMtlWeighting.KEY, NashMtlWeighting.factory()),
          Map.entry(MgdaWeighting.KEY, MgdaWeighting.factory()),
          Map.entry(CaGradWeighting.KEY, CaGradWeighting.factory()));

  /**
   * args: dump directory, then what to probe in turn: a remapper setting (DEFAULT, ON, OFF) with
   * static weighting, or {@code SETTING:<strategy>}.
   */
  public static void main(String[] args) throws IOException {
    Path dump = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      String[] what = args[i].split(":");
      RuntimeSettings r =
          RuntimeSettings.builder().xla(true).remapper(Toggle.valueOf(what[0])).build();
      Set<Path> before = dumps(dump);
      step(r, what.length > 1 ? what[1] : "static");
      GraphDef step = null;
      for (Path p : dumps(dump)) {
        if (before.contains(p)) continue;
        GraphDef g = parse(p);
        if (g.getNodeList().stream().anyMatch(n -> n.getName().equals("train_step"))) step = g;
      }
      if (step == null)
        throw new IllegalStateException("no clustering dump of the step in " + dump);
      Set<String> clusters = new TreeSet<>();
      List<String> outside = new ArrayList<>();
      for (NodeDef n : step.getNodeList()) {
        if (n.containsAttr("_XlaCluster"))
          clusters.add(n.getAttrOrThrow("_XlaCluster").getS().toStringUtf8());
        else if (!NOT_COMPUTE.contains(n.getOp()))
          outside.add(n.getName() + " (" + n.getOp() + ")");
      }
      System.out.println(
          "remapper="
              + what[0]
              + (what.length > 1 ? " weighting=" + what[1] : "")
              + " clusters="
              + clusters.size()
              + " unclustered="
              + outside);
    }
  }

  private static void step(RuntimeSettings r, String weighting) throws IOException {
    List<TermPlan> terms =
        List.of(
            TinyTask.term("primary", Role.PRIMARY, 1, TinyTask.crossEntropy("logits")),
            TinyTask.term("aux", Role.AUXILIARY, 0.3, GAP_HEAD),
            // a third term: MGDA's and CAGrad's exact solvers solve linear systems from three on
            TinyTask.term("aux2", Role.AUXILIARY, 0.1, GAP_HEAD));
    TrainingPlan plan =
        TrainingPlan.builder()
            .name("xla-probe")
            .seed(3)
            .model("conv", CONV)
            .dataset("tiny", new TinyTask.Data())
            .batchSize(16)
            .terms(terms)
            .weighting(
                weighting,
                weighting.equals("static")
                    ? new StaticWeighting()
                    : STRATEGIES.get(weighting).create(Params.empty()))
            .optimizer(OptimizerPlan.adam(1e-2))
            .training(TrainingSettings.of(2))
            .runtime(r)
            .build();
    try (TfTrainingSession run =
        TfTrainingSession.open(plan, Files.createTempDirectory("xla-probe"))) {
      Map<String, Tensor> batch = BatchFeeder.toTensors(TinyTask.Data.batch(new Random(1), 16));
      try {
        run.step(batch);
      } finally {
        batch.values().forEach(Tensor::close);
      }
    }
  }

  private static Set<Path> dumps(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      // mark_for_compilation[_N].pbtxt: the graph with each clustered node's _XlaCluster attribute
      return new HashSet<>(
          s.filter(
                  p ->
                      p.getFileName().toString().startsWith("mark_for_compilation")
                          && !p.getFileName().toString().contains("annotated"))
              .toList());
    }
  }

  private static GraphDef parse(Path p) throws IOException {
    GraphDef.Builder b = GraphDef.newBuilder();
    TextFormat.Parser.newBuilder()
        .setAllowUnknownFields(true)
        .build()
        .merge(Files.readString(p), b);
    return b.build();
  }
}
