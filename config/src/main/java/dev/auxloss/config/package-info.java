/**
 * From a text-format experiment file to a {@link dev.auxloss.config.TrainingPlan}.
 *
 * <ol>
 *   <li>{@link dev.auxloss.config.ExperimentLoader} parses an {@code auxloss.v1.Experiment}
 *       (protobuf text format) and keeps where every field was written ({@link
 *       dev.auxloss.config.SourceMap}), so later errors say {@code file:line:column};
 *   <li>{@link dev.auxloss.config.AuxInjector} builds the Guice injector from the discovered
 *       modules and the {@code plugin_module} classes the config names; {@link
 *       dev.auxloss.config.Registry} reads the four keyed maps (losses, models, datasets,
 *       strategies) from it;
 *   <li>{@link dev.auxloss.config.ExperimentResolver} checks everything against the registry, fills
 *       the defaults and reports every problem at once as a {@link
 *       dev.auxloss.api.params.ConfigException}.
 * </ol>
 *
 * <pre>{@code
 * LoadedExperiment loaded = ExperimentLoader.load(Path.of("examples/default.pbtxt"));
 * Injector injector = AuxInjector.forExperiment(loaded, List.of(new TfBackendModule()));
 * ResolvedExperiment resolved = ExperimentResolver.resolve(loaded, Registry.from(injector));
 * resolved.plan().training().steps(); // 300
 * }</pre>
 *
 * <p>Defaults (see {@link dev.auxloss.config.ExperimentDefaults}) are filled into the resolved
 * config, which is what {@code auxloss validate --resolved} prints and what a run directory keeps
 * as {@code config.pbtxt}.
 */
package dev.auxloss.config;
