package dev.auxloss.config;

import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.NearestName;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingStrategy;
import dev.auxloss.config.RuntimeSettings.Toggle;
import dev.auxloss.config.proto.BadExamplePolicy;
import dev.auxloss.config.proto.Data;
import dev.auxloss.config.proto.Experiment;
import dev.auxloss.config.proto.Model;
import dev.auxloss.config.proto.NonFinitePolicy;
import dev.auxloss.config.proto.Optimizer;
import dev.auxloss.config.proto.Param;
import dev.auxloss.config.proto.Runtime;
import dev.auxloss.config.proto.Training;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a parsed experiment against the registered models, datasets, losses, strategies and
 * metrics, fills every default ({@link ExperimentDefaults}) and builds the {@link TrainingPlan}.
 * Every problem is collected and thrown together as one {@link ConfigException}, sorted by position
 * in the file; each error names the place ({@code file:line:column}), the field ({@code
 * loss[1].weight}), the value and the rule:
 *
 * <pre>
 * default.pbtxt:9:3: loss[1].weight: must be a finite number &gt;= 0, found -0.3
 * default.pbtxt:4:9: loss[0].key: unknown loss 'vision.crossentropy'; did you mean 'vision.cross_entropy'? known losses: ...
 * </pre>
 *
 * <p>Model parameters the config leaves out are taken from {@link Dataset#modelHints()} when the
 * model declares a parameter of that name ({@code num_classes}, {@code vocab_size}...), and written
 * into the resolved config. A {@code label_fraction} below 1 goes to the dataset when it declares a
 * {@code label_fraction} parameter (stratified per class, its {@code label_seed} from {@code
 * data.seed}); otherwise, and for a data seed of its own, the dataset is wrapped in a {@link
 * PartialLabelDataset}.
 */
public final class ExperimentResolver {
  private static final String LABEL_FRACTION = "label_fraction";
  private static final String LABEL_SEED = "label_seed";

  /**
   * The weighting of an export plan: exporting builds no training graph, so nothing may call it.
   */
  private static final WeightingStrategy NOT_FOR_TRAINING =
      ctx -> {
        throw new IllegalStateException(
            "a plan resolved for export has no weighting; resolve the config to train");
      };

  private ExperimentResolver() {}

  /** Resolves an experiment built in code (errors carry field paths, no file positions). */
  public static ResolvedExperiment resolve(Experiment experiment, Registry registry) {
    return resolve(LoadedExperiment.inMemory(experiment), registry);
  }

  public static ResolvedExperiment resolve(LoadedExperiment loaded, Registry registry) {
    return resolve(loaded, registry, false);
  }

  /**
   * Resolves what an export reads — the model, the dataset's inputs, the seed and the runtime — and
   * leaves the loss terms and the weighting strategy unresolved: the SavedModel holds the model in
   * inference mode only, so a run exports without the plugins that contributed its losses or its
   * strategy. The plan has no terms, and its weighting must not be used (it builds no training
   * graph).
   */
  public static ResolvedExperiment resolveForExport(LoadedExperiment loaded, Registry registry) {
    return resolve(loaded, registry, true);
  }

  private static ResolvedExperiment resolve(
      LoadedExperiment loaded, Registry registry, boolean forExport) {
    Experiment raw = loaded.experiment();
    ErrorCollector errors = new ErrorCollector(loaded.sources());
    Experiment e = ExperimentDefaults.fill(raw, loaded.defaultName());
    SectionChecks.check(raw, e, errors);
    CompareOn compareOn = SectionChecks.compareOn(e, errors);
    long steps = Math.max(1, e.getTraining().getSteps());
    Experiment.Builder out = e.toBuilder();

    ModelFactory modelFactory =
        known(e.getModel().getName(), "model.name", "model", registry.models(), errors);
    BadExamples bad =
        BadExamples.of(
            e.getData().getOnBadExample() == BadExamplePolicy.SKIP
                ? BadExamples.Policy.SKIP
                : BadExamples.Policy.FAIL);
    Dataset dataset =
        dataset(e.getData(), loaded.dataParamPins(), registry.datasets(), bad, errors);
    BatchBounds.check(e, dataset, errors);
    int before = errors.size();
    ModelFn model =
        modelFactory == null ? null : model(e.getModel(), modelFactory, dataset, errors, out);
    if (dataset == null) {
      // Without its dataset a model misses the sizes it provides (vocabulary, classes): keep only
      // the
      // errors about params the config writes, not echoes of the dataset's failure.
      Set<String> written = new HashSet<>();
      raw.getModel().getParamList().forEach(p -> written.add("model.param." + p.getName()));
      errors.removeAfter(
          before, err -> err.field().startsWith("model.param.") && !written.contains(err.field()));
    }
    List<TermPlan> terms =
        forExport ? List.of() : TermResolver.resolve(e, registry.losses(), steps, errors, out);
    WeightingStrategy weighting =
        forExport ? NOT_FOR_TRAINING : weighting(e, registry.strategies(), errors);
    List<MetricPlan> metrics =
        forExport ? List.of() : MetricResolver.resolve(e, model, registry.metrics(), errors);
    ScheduleResolver.Resolved lr =
        ScheduleResolver.resolve(
            e.getOptimizer().getLrSchedule(), "optimizer.lr_schedule", steps, errors);
    out.setOptimizer(e.getOptimizer().toBuilder().setLrSchedule(lr.config()));
    FineTunePlan fineTune = FineTuneResolver.resolve(e.getTraining(), errors);
    errors.throwIfAny();

    Experiment resolved = out.build();
    String text = ResolvedExperiment.text(resolved);
    Data d = resolved.getData();
    boolean ownFraction = ownsLabelFraction(registry.datasets().get(d.getDataset()));
    double wrapFraction = ownFraction ? 1 : d.getLabelFraction();
    if (wrapFraction < 1 || d.getSeed() != resolved.getSeed()) {
      dataset = new PartialLabelDataset(dataset, wrapFraction, d.getSeed(), resolved.getSeed());
    }
    TrainingPlan plan =
        TrainingPlan.builder()
            .name(resolved.getName())
            .seed(resolved.getSeed())
            .model(resolved.getModel().getName(), model)
            .dataset(d.getDataset(), dataset)
            .badExamples(bad)
            .batchSize(d.getBatchSize())
            .terms(terms)
            .metrics(metrics)
            .weighting(resolved.getWeighting().getStrategy(), weighting)
            .compareOn(compareOn)
            .optimizer(optimizer(resolved.getOptimizer(), lr))
            .training(training(resolved.getTraining()))
            .runtime(runtime(resolved.getRuntime()))
            .config(text, ResolvedExperiment.sha256(text))
            .fineTune(fineTune)
            .build();
    return new ResolvedExperiment(resolved, plan);
  }

  /**
   * The dataset. A dataset that declares {@code label_fraction} (and {@code label_seed}) applies a
   * {@code data.label_fraction} below 1 itself (stratified by class); the value is passed to it
   * unless its own param is set, in which case the two must agree.
   */
  private static Dataset dataset(
      Data data,
      Map<String, String> pins,
      Map<String, DatasetFactory> datasets,
      BadExamples bad,
      ErrorCollector errors) {
    DatasetFactory factory = known(data.getDataset(), "data.dataset", "dataset", datasets, errors);
    if (factory == null) return null;
    List<Param> entries = new java.util.ArrayList<>(data.getParamList());
    pins.forEach(
        (name, text) -> {
          int i = ParamsReader.indexOf(entries, name);
          if (i >= 0) entries.set(i, entries.get(i).toBuilder().setText(text).build());
        });
    // Only a valid fraction goes to the dataset: an invalid one is reported once, as
    // data.label_fraction.
    if (ownsLabelFraction(factory) && data.getLabelFraction() > 0 && data.getLabelFraction() < 1) {
      int i = ParamsReader.indexOf(entries, LABEL_FRACTION);
      if (i < 0) {
        entries.add(
            Param.newBuilder().setName(LABEL_FRACTION).setNumber(data.getLabelFraction()).build());
        if (declares(factory, LABEL_SEED) && ParamsReader.indexOf(entries, LABEL_SEED) < 0) {
          entries.add(Param.newBuilder().setName(LABEL_SEED).setNumber(data.getSeed()).build());
        }
      } else if (entries.get(i).getNumber() != data.getLabelFraction()) {
        errors.add(
            "data.label_fraction",
            "disagrees with the dataset's own param label_fraction ("
                + entries.get(i).getNumber()
                + "); set only one, found "
                + data.getLabelFraction());
      }
    }
    return ParamsReader.create(
        params -> factory.create(params, bad),
        factory.descriptor().params(),
        ParamsReader.read(entries, "data", errors),
        entries,
        "data",
        "dataset '" + data.getDataset() + "'",
        errors);
  }

  static boolean ownsLabelFraction(DatasetFactory factory) {
    return declares(factory, LABEL_FRACTION);
  }

  private static boolean declares(DatasetFactory factory, String param) {
    return factory.descriptor().params().stream().anyMatch(p -> p.name().equals(param));
  }

  private static ModelFn model(
      Model model,
      ModelFactory factory,
      Dataset dataset,
      ErrorCollector errors,
      Experiment.Builder out) {
    Model.Builder withHints = model.toBuilder();
    if (dataset != null) {
      List<String> declared =
          factory.descriptor().params().stream().map(dev.auxloss.api.params.Param::name).toList();
      for (Map.Entry<String, Double> hint :
          new java.util.TreeMap<>(dataset.modelHints()).entrySet()) {
        if (declared.contains(hint.getKey())
            && ParamsReader.indexOf(model.getParamList(), hint.getKey()) < 0) {
          withHints.addParam(Param.newBuilder().setName(hint.getKey()).setNumber(hint.getValue()));
        }
      }
    }
    out.setModel(withHints);
    List<Param> entries = withHints.getParamList();
    return ParamsReader.create(
        factory::create,
        factory.descriptor().params(),
        ParamsReader.read(entries, "model", errors),
        entries,
        "model",
        "model '" + model.getName() + "'",
        errors);
  }

  private static WeightingStrategy weighting(
      Experiment e, Map<String, WeightingFactory> strategies, ErrorCollector errors) {
    var w = e.getWeighting();
    WeightingFactory factory =
        known(w.getStrategy(), "weighting.strategy", "weighting strategy", strategies, errors);
    if (factory == null) return null;
    return ParamsReader.create(
        factory::create,
        factory.descriptor().params(),
        ParamsReader.read(w.getParamList(), "weighting", errors),
        w.getParamList(),
        "weighting",
        "weighting strategy '" + w.getStrategy() + "'",
        errors);
  }

  private static <T> T known(
      String key, String field, String what, Map<String, T> registered, ErrorCollector errors) {
    if (key.isEmpty()) {
      errors.add(field, NearestName.required(what, registered.keySet()));
      return null;
    }
    T found = registered.get(key);
    if (found == null) errors.add(field, NearestName.unknown(what, key, registered.keySet()));
    return found;
  }

  private static OptimizerPlan optimizer(Optimizer o, ScheduleResolver.Resolved lr) {
    return new OptimizerPlan(
        o.getType(),
        o.getLearningRate(),
        lr.schedule(),
        o.getMomentum(),
        o.getNesterov(),
        o.getBeta1(),
        o.getBeta2(),
        o.getEpsilon(),
        o.getWeightDecay(),
        o.getClipNorm());
  }

  private static TrainingSettings training(Training t) {
    return TrainingSettings.builder()
        .steps(t.getSteps())
        .evalEvery(t.getEvalEvery())
        .checkpointEvery(t.getCheckpointEvery())
        .summaryEvery(t.getSummaryEvery())
        .keepCheckpoints(t.getKeepCheckpoints())
        .evalBatches(t.getEvalBatches())
        .skipNonFinite(t.getOnNonFinite() == NonFinitePolicy.SKIP_BATCH)
        .zeroGradientAlarmSteps(t.getZeroGradientAlarmSteps())
        .profileEvery(t.getProfileEvery())
        .build();
  }

  private static RuntimeSettings runtime(Runtime r) {
    return RuntimeSettings.builder()
        .xla(r.getXla())
        .device(r.getDevice())
        .intraOpThreads(r.getIntraOpThreads())
        .interOpThreads(r.getInterOpThreads())
        .prefetchBatches(r.getPrefetchBatches())
        .allowGrowth(r.getAllowGrowth())
        .clusterWorkers(r.getCluster().getWorkerList())
        .task(r.getCluster().getTask())
        .onednn(Toggle.ofNumber(r.getOnednnValue()))
        .remapper(Toggle.ofNumber(r.getRemapperValue()))
        .layoutOptimizer(Toggle.ofNumber(r.getLayoutOptimizerValue()))
        .constantFolding(Toggle.ofNumber(r.getConstantFoldingValue()))
        .bfcCpuAllocator(Toggle.ofNumber(r.getBfcCpuAllocatorValue()))
        .mallocArenaMax(r.getMallocArenaMax())
        .localCombination(r.getCluster().getLocalCombination())
        .syncBatchNorm(r.getCluster().getSyncBatchNorm())
        .build();
  }
}
