package dev.auxloss.bench;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.guice.AuxlossPlugin;
import dev.auxloss.api.layers.Activation;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.schedule.Schedules;
import dev.auxloss.config.FineTunePlan;
import dev.auxloss.config.OptimizerPlan;
import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.TermPlan;
import dev.auxloss.config.TrainingPlan;
import dev.auxloss.config.TrainingSettings;
import dev.auxloss.tf.TfBackendModule;
import dev.auxloss.tf.weighting.StaticWeighting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The auxloss side of the speed benchmarks: cnn-ds from the vision registry with the benchmark's
 * GAP auxiliary heads (global average pool + dense 10, weight 0.3, as in BENCHMARKS.md) — the same
 * heads the hand-written graph has, so the comparison is like for like.
 */
final class SpeedArms {
  private SpeedArms() {}

  static Injector injector() {
    List<Module> modules = new ArrayList<>();
    modules.add(new TfBackendModule());
    ServiceLoader.load(AuxlossPlugin.class).forEach(modules::add);
    return Guice.createInjector(modules);
  }

  static <T> Map<String, T> registry(Injector inj, Class<T> type) {
    @SuppressWarnings("unchecked")
    Key<Map<String, T>> key =
        (Key<Map<String, T>>)
            Key.get(TypeLiteral.get(com.google.inject.util.Types.mapOf(String.class, type)));
    return inj.getInstance(key);
  }

  static TrainingPlan cnnDs(boolean auxHeads, RuntimeSettings runtime) {
    Injector inj = injector();
    ModelFactory model = registry(inj, ModelFactory.class).get("cnn-ds");
    DatasetFactory data = registry(inj, DatasetFactory.class).get("synthetic-images");
    if (model == null || data == null) {
      throw new IllegalStateException(
          "cnn-ds / synthetic-images are not registered (losses-vision missing?)");
    }
    Dataset ds = data.create(Params.empty());
    List<TermPlan> terms = new ArrayList<>();
    terms.add(
        new TermPlan(
            "primary", "bench.ce", Role.PRIMARY, 1, Schedules.constant(1), ce("logits", false)));
    if (auxHeads) {
      terms.add(
          new TermPlan(
              "aux_block1",
              "bench.gap_head",
              Role.AUXILIARY,
              0.3,
              Schedules.constant(1),
              ce("block1/features", true)));
      terms.add(
          new TermPlan(
              "aux_block2",
              "bench.gap_head",
              Role.AUXILIARY,
              0.3,
              Schedules.constant(1),
              ce("block2/features", true)));
    }
    return TrainingPlan.builder()
        .name("bench")
        .seed(1)
        .model("cnn-ds", model.create(Params.empty()))
        .dataset("synthetic-images", ds)
        .batchSize(64)
        .terms(terms)
        .weighting("static", new StaticWeighting())
        .optimizer(OptimizerPlan.adam(1e-3))
        .training(TrainingSettings.of(1000))
        .runtime(runtime)
        .build();
  }

  /**
   * S10/S11's network: the registry's {@code resnet} (depth 18, CIFAR stem) on {@link
   * RandomImages}, cross-entropy on its logits, Adam 1e-3, nothing else — the graph {@link
   * HandWrittenResNet} builds by hand.
   */
  static TrainingPlan resnet18(RuntimeSettings runtime) {
    Injector inj = injector();
    ModelFactory model = registry(inj, ModelFactory.class).get("resnet");
    if (model == null) throw new IllegalStateException("resnet is not registered");
    return TrainingPlan.builder()
        .name("bench-resnet18")
        .seed(1)
        .model(
            "resnet",
            model.create(
                Params.parse(
                    model.descriptor().params(), "depth", 18, "stem", "cifar", "num_classes", 10)))
        .dataset("random-32x32x3", new RandomImages(1024))
        .batchSize(Bench.BATCH)
        .terms(
            List.of(
                new TermPlan(
                    "primary",
                    "bench.ce",
                    Role.PRIMARY,
                    1,
                    Schedules.constant(1),
                    ce("logits", false))))
        .weighting("static", new StaticWeighting())
        .optimizer(OptimizerPlan.adam(1e-3))
        .training(TrainingSettings.of(1000))
        .runtime(runtime)
        .build();
  }

  /** S11's frozen arm: {@link #resnet18} with the stem and stages 1–2 frozen. */
  static TrainingPlan resnet18Frozen(RuntimeSettings runtime) {
    return resnet18(runtime).toBuilder()
        .fineTune(
            new FineTunePlan(
                null, List.of(java.util.regex.Pattern.compile("model/(stem|stage1|stage2)/.*"))))
        .build();
  }

  /** Cross-entropy of an endpoint's logits, or of a GAP + dense-10 head on a feature map. */
  static AuxLoss ce(String endpoint, boolean gapHead) {
    return ctx -> {
      Ops tf = ctx.tf();
      Operand<TFloat32> x = ctx.endpoint(endpoint);
      Operand<TFloat32> logits =
          gapHead
              ? ctx.layers().dense("head", ctx.layers().globalAvgPool(x), 10, Activation.NONE)
              : x;
      Operand<TFloat32> onehot =
          tf.oneHot(
              ctx.label("label", TInt32.class), tf.constant(10), tf.constant(1f), tf.constant(0f));
      return tf.math.mean(
          tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss(), tf.constant(0));
    };
  }
}
