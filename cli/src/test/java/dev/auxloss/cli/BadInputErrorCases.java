package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.config;
import static dev.auxloss.cli.BadInputCase.file;
import static dev.auxloss.cli.BadInputCase.train;
import static dev.auxloss.cli.BadInputConfigCases.AUX_ENDPOINT;
import static dev.auxloss.cli.BadInputConfigCases.BASE;
import static dev.auxloss.cli.BadInputConfigCases.with;
import static dev.auxloss.cli.BadInputConfigCases.withAux;

import java.util.List;

/**
 * Issue 14, items 8–10: errors that were bugs (exit 1, Guice internals, misleading causes),
 * explicit zeros that used to mean "the default", and messages (did you mean, one error per cause,
 * no Java class names); plus mistakes users make that the older tables did not cover.
 */
final class BadInputErrorCases {
  private BadInputErrorCases() {}

  static final String F = BadInputCase.CONFIG;
  static final String PLUGIN = "dev.auxloss.cli.BadPlugins$";

  /** BASE plus a plugin module and a loss of its on lines 11 and 12. */
  static String withPluginLoss(String key) {
    return with("plugin_module: \"" + PLUGIN + "WrongLossTypes\"\nloss { key: \"" + key + "\" }");
  }

  static List<BadInputCase> cases() {
    return List.of(
        // item 8: errors that were bugs
        config(
            "compare_on names a missing endpoint",
            with("weighting { strategy: \"pcgrad\" compare_on: \"endpoint:nope\" }"),
            "weighting.compare_on: no endpoint named 'nope' (found 'endpoint:nope')",
            "endpoints: [block1/features, block2/features, features, logits]"),
        config(
            "compare_on names a variable group that matches nothing",
            withAux(AUX_ENDPOINT)
                + "weighting { strategy: \"pcgrad\" compare_on: \"group:nope\" }\n",
            "weighting.compare_on: no trainable variable name starts with 'nope' (found 'group:nope')",
            "variable groups: [heads/vision.aux_classifier/, model/block1/, model/block2/, model/fc/, model/logits/]"),
        config(
            "plugin loss returning int32",
            withPluginLoss("clitest.int32_loss"),
            "loss[1] (clitest.int32_loss)",
            "loss term 'clitest.int32_loss' (key clitest.int32_loss) returned int32; a loss returns a float32 scalar"),
        train(
            "plugin loss returning float64 (train)",
            withPluginLoss("clitest.float64_loss"),
            "loss term 'clitest.float64_loss' (key clitest.float64_loss) returned float64; "
                + "a loss returns a float32 scalar"),
        config(
            "plugin loss returning a vector",
            withPluginLoss("clitest.vector_loss"),
            "loss[1] (clitest.vector_loss)",
            "loss term 'clitest.vector_loss' (key clitest.vector_loss) returned "
                + "shape [2]; a loss returns a float32 scalar (the batch mean)"),
        config(
            "plugin module whose configure() throws",
            with("plugin_module: \"" + PLUGIN + "ThrowingConfigure\""),
            F + ":11:",
            "plugin_module[0]: module dev.auxloss.cli.BadPlugins$ThrowingConfigure failed in configure(): "
                + "licence file /opt/plugin/licence.txt not found"),
        config(
            "plugin module without a no-argument constructor",
            with("plugin_module: \"" + PLUGIN + "NoDefaultConstructor\""),
            F + ":11:",
            "plugin_module[0]: module 'dev.auxloss.cli.BadPlugins$NoDefaultConstructor' needs a public "
                + "no-argument constructor"),
        config(
            "nested plugin class written with a dot",
            with("plugin_module: \"dev.auxloss.cli.BadPlugins.WrongLossTypes\""),
            F + ":11:",
            "plugin_module[0]: class 'dev.auxloss.cli.BadPlugins.WrongLossTypes' is not on the classpath; "
                + "a nested class is named with '$': did you mean 'dev.auxloss.cli.BadPlugins$WrongLossTypes'?"),
        config(
                "plugin module re-contributing bundled keys",
                with("plugin_module: \"" + PLUGIN + "DuplicateKeys\""),
                "loss key 'vision.cross_entropy' is contributed by two modules: dev.auxloss.vision.VisionLossesModule and "
                    + "dev.auxloss.cli.BadPlugins$DuplicateKeys",
                "model key 'cnn-ds' is contributed by two modules: dev.auxloss.vision.VisionLossesModule and "
                    + "dev.auxloss.cli.BadPlugins$DuplicateKeys",
                "dataset key 'synthetic-images' is contributed by two modules: ",
                "weighting strategy key 'static' is contributed by two modules: ")
            .withErrorLines(4),
        // item 9: an explicit 0 is checked, not taken for "use the default"
        config(
            "training.steps: 0",
            with("training { steps: 0 }"),
            F + ":11:",
            "training.steps: must be > 0, found 0"),
        config(
            "data.batch_size: 0",
            BASE.replace("batch_size: 8", "batch_size: 0"),
            F + ":5:",
            "data.batch_size: must be > 0, found 0"),
        config(
                "training intervals of 0",
                with(
                    "training { eval_every: 0 checkpoint_every: 0 summary_every: 0 keep_checkpoints: 0 }"),
                "training.eval_every: must be > 0, found 0",
                "training.checkpoint_every: must be > 0, found 0",
                "training.summary_every: must be > 0, found 0",
                "training.keep_checkpoints: must be > 0, found 0")
            .withErrorLines(4),
        config(
            "training.eval_batches: 0",
            with("training { eval_batches: 0 }"),
            F + ":11:",
            "training.eval_batches: must be > 0 (leave it out to evaluate the whole validation split), "
                + "found 0"),
        config(
            "training.zero_gradient_alarm_steps: 0",
            with("training { zero_gradient_alarm_steps: 0 }"),
            F + ":11:",
            "training.zero_gradient_alarm_steps: must be > 0, found 0"),
        config(
            "optimizer.learning_rate: 0",
            with("optimizer { learning_rate: 0 }"),
            F + ":11:",
            "optimizer.learning_rate: must be a finite number > 0, found 0.0"),
        config(
            "optimizer.epsilon: 0",
            with("optimizer { epsilon: 0 }"),
            F + ":11:",
            "optimizer.epsilon: must be a finite number > 0, found 0.0"),
        config(
            "data.label_fraction: 0",
            BASE.replace("batch_size: 8", "batch_size: 8 label_fraction: 0"),
            F + ":5:",
            "data.label_fraction: must be in (0, 1], found 0.0"),
        config(
            "runtime.prefetch_batches: 0",
            with("runtime { prefetch_batches: 0 }"),
            F + ":11:",
            "runtime.prefetch_batches: must be > 0, found 0"),
        // item 10: messages
        config(
            "loss parameter name misspelt: one error, with the nearest name",
            withAux("param { name: \"endpiont\" text: \"block1/features\" }"),
            F + ":11:",
            "loss[1].param.endpiont: unknown parameter 'endpiont'; did you mean 'endpoint'?"),
        config(
            "dataset parameter name misspelt",
            BASE.replace("\"train_size\"", "\"train_sise\""),
            F + ":6:",
            "data.param.train_sise: unknown parameter 'train_sise'; did you mean 'train_size'?"),
        config(
            "weighting parameter name misspelt",
            with("weighting { strategy: \"dwa\" param { name: \"temprature\" number: 2 } }"),
            F + ":11:",
            "weighting.param.temprature: unknown parameter 'temprature'; did you mean 'temperature'?"),
        config(
            "fortunes: folder missing: one error",
            BadInputDataCases.FORTUNES.formatted("alpha,beta,gamma"),
            "data.param.dir",
            BadInputCase.DIR + "/fortunes: no such directory"),
        config(
                "fashion-mnist: path is a file",
                BadInputDataCases.FASHION,
                "data.param.path",
                BadInputCase.DIR + "/fmnist: is a file, not a directory")
            .withInputs(file("fmnist", "not a folder\n")),
        config(
                "fortunes: dir is a file",
                BadInputDataCases.FORTUNES.formatted("alpha"),
                "data.param.dir",
                BadInputCase.DIR + "/fortunes: is a file, not a directory")
            .withInputs(file("fortunes", "not a folder\n")),
        config(
                "fortunes: vocab file missing: no exception class in the message",
                BadInputDataCases.FORTUNES
                    .formatted("alpha")
                    .replace(
                        "param { name: \"seq_len\" number: 16 }",
                        "param { name: \"seq_len\" number: 16 }\n  param { name: \"vocab\" text: \"{dir}/nope.txt\" }"),
                "data.param.vocab: vocabulary file " + BadInputCase.DIR + "/nope.txt: no such file")
            .withInputs(file("fortunes/alpha", BadInputDataCases.QUOTES)),
        // mistakes users make, beyond the list
        config(
            "text param given as a number",
            with(
                "loss { key: \"vision.cross_entropy\" name: \"ce2\" "
                    + "param { name: \"logits\" number: 3 } }"),
            F + ":11:",
            "loss[1].param.logits: must be a text, found a number 3.0"),
        config(
            "param without a value",
            withAux("param { name: \"endpoint\" }"),
            F + ":11:",
            "loss[1].param.endpoint: parameter 'endpoint' has no value; give one of number, text, flag "
                + "or numbers"),
        config(
            "param given twice",
            withAux(AUX_ENDPOINT + " param { name: \"endpoint\" text: \"logits\" }"),
            F + ":11:",
            "loss[1].param.endpoint: parameter 'endpoint' is given twice (also param[0])"),
        config(
            "negative constant weight schedule",
            withAux(AUX_ENDPOINT + " schedule { type: \"constant\" value: -1 }"),
            F + ":11:",
            "loss[1].schedule.value: must be a finite number >= 0, found -1.0"),
        config(
            "negative warmup",
            withAux(
                AUX_ENDPOINT
                    + " schedule { type: \"linear\" from: 1 to: 0 start: 0 end: 10 "
                    + "warmup_steps: -3 }"),
            F + ":11:",
            "loss[1].schedule.warmup_steps: must be >= 0, found -3"),
        config(
            "lr_schedule cosine over negative steps",
            with("optimizer { lr_schedule { type: \"cosine\" steps: -5 } }"),
            F + ":11:",
            "optimizer.lr_schedule.steps: a cosine schedule needs steps > 0, found -5"),
        config(
            "lr_schedule boundaries that decrease",
            with(
                "optimizer { lr_schedule { type: \"step\" boundaries: [20, 10] values: [1, 0.5, 0.1] } }"),
            F + ":11:",
            "optimizer.lr_schedule.boundaries: must increase, found [20, 10]"),
        config(
            "momentum given to adam",
            with("optimizer { type: \"adam\" momentum: 0.9 }"),
            F + ":11:",
            "optimizer.momentum: not used by the adam optimizer (it reads beta1, beta2, epsilon)"),
        config(
            "negative clip_norm",
            with("optimizer { clip_norm: -1 }"),
            F + ":11:",
            "optimizer.clip_norm: must be a finite number >= 0, found -1.0"),
        config(
            "label smoothing of 1",
            withAux(AUX_ENDPOINT + " param { name: \"label_smoothing\" number: 1 }"),
            F + ":11:",
            "loss[1].param.label_smoothing: must be in [0, 1), found 1.0"),
        config(
            "misspelt enum value gets the nearest",
            with("training { on_non_finite: SKIP_BATCHES }"),
            F + ":11:",
            "on_non_finite",
            "SKIP_BATCHES",
            "Did you mean 'SKIP_BATCH'? Known values: NON_FINITE_UNSPECIFIED, STOP, SKIP_BATCH."),
        config(
            "optimizer.beta2 of 1",
            with("optimizer { beta2: 1 }"),
            F + ":11:",
            "optimizer.beta2: must be in [0, 1), found 1.0"),
        config(
            "model name in the wrong case",
            BASE.replace("\"cnn-ds\"", "\"CNN-DS\""),
            F + ":2:",
            "model.name: unknown model 'CNN-DS'; did you mean 'cnn-ds'?"),
        config(
            "the only PRIMARY term weighted 0",
            BASE.replace(
                "loss { key: \"vision.cross_entropy\" }",
                "loss { key: \"vision.cross_entropy\" weight: 0 }"),
            F + ":10:",
            "loss[0].weight: needs a PRIMARY term with a weight > 0 (the served objective would not be "
                + "trained), found 0.0"),
        config(
            "device written as cpu",
            with("runtime { device: \"cpu\" }"),
            F + ":11:",
            "runtime.device: must be empty (TensorFlow's choice), /CPU:<n> or /GPU:<n>, found 'cpu'; "
                + "did you mean '/CPU:0'?"),
        config(
            "data path starting with ~",
            BadInputDataCases.FASHION.replace("{dir}/fmnist", "~/no-such-fmnist"),
            "data.param.path",
            "~/no-such-fmnist: no such directory ('~' is not expanded in a config: write the full "
                + "path)"),
        config(
            "negative value in a step schedule",
            withAux(AUX_ENDPOINT + " schedule { type: \"step\" boundaries: [10] values: [1, -1] }"),
            F + ":11:",
            "loss[1].schedule.values: must be finite numbers >= 0, found [-1.0]"),
        config(
            "negative data.label_fraction",
            BASE.replace("batch_size: 8", "batch_size: 8 label_fraction: -0.5"),
            F + ":5:",
            "data.label_fraction: must be in (0, 1], found -0.5"));
  }
}
