package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.config;
import static dev.auxloss.cli.BadInputCase.train;

import java.util.List;

/**
 * Bad experiment configs: syntax, unknown names, wrong types, out-of-range values, build-time
 * checks.
 */
final class BadInputConfigCases {
  private BadInputConfigCases() {}

  /** A valid, small experiment (10 lines); cases append a section or replace a line. */
  static final String BASE =
      """
      name: "badinput"
      model { name: "cnn-ds" }
      data {
        dataset: "synthetic-images"
        batch_size: 8
        param { name: "train_size" number: 16 }
        param { name: "validation_size" number: 8 }
        param { name: "test_size" number: 8 }
      }
      loss { key: "vision.cross_entropy" }
      """;

  static final String F = BadInputCase.CONFIG;
  static final String AUX_ENDPOINT = "param { name: \"endpoint\" text: \"block1/features\" }";

  /** BASE plus {@code extra} from line 11 on. */
  static String with(String extra) {
    return BASE + extra + "\n";
  }

  /** BASE plus an auxiliary classifier on line 11 whose block holds {@code fields}. */
  static String withAux(String fields) {
    return with("loss { key: \"vision.aux_classifier\" " + fields + " }");
  }

  static List<BadInputCase> cases() {
    return List.of(
        // syntax (file:line:column)
        config(
            "syntax: not a config at all",
            "this is { not a config",
            F + ":1:6: syntax error: Expected \"{\"."),
        config(
            "syntax: string without closing quote",
            BASE.replace("\"badinput\"", "\"badinput"),
            F + ":1:7: name: invalid value",
            "String missing ending quote"),
        config(
            "syntax: block never closed",
            with("training { steps: 3"),
            F + ":12:1: syntax error: Expected \"}\"."),
        config(
            "syntax: singular field written twice", with("seed: 2\nseed: 3"), F + ":12:", "seed"),
        // unknown fields, with the nearest key
        config(
            "unknown top-level field",
            with("trainig { steps: 3 }"),
            F + ":11:1: unknown field 'trainig' in Experiment; did you mean 'training'?"),
        config(
            "unknown field in a loss block",
            withAux("wieght: 0.3 " + AUX_ENDPOINT),
            F + ":11:",
            "unknown field 'wieght' in Loss; did you mean 'weight'?"),
        config(
            "unknown field in runtime",
            with("runtime { devise: \"/CPU:0\" }"),
            F + ":11:11: unknown field 'devise' in Runtime; did you mean 'device'?"),
        config(
                "two unknown fields, two lines",
                with("trainig { steps: 3 }\nwieghting { strategy: \"static\" }"),
                F + ":11:1: unknown field 'trainig'",
                F + ":12:1: unknown field 'wieghting'")
            .withErrorLines(2),
        // wrong types
        config(
            "wrong type: text for an integer",
            with("seed: \"one\""),
            F + ":11:7:",
            "seed",
            "\"one\"",
            "integer"),
        config(
            "wrong type: fraction for an integer",
            BASE.replace("batch_size: 8", "batch_size: 1.5"),
            F + ":5:15:",
            "batch_size",
            "1.5",
            "integer"),
        config(
            "wrong type: text for a weight",
            withAux("weight: \"heavy\" " + AUX_ENDPOINT),
            F + ":11:45:",
            "weight",
            "heavy",
            "number"),
        config(
            "wrong type: scalar for a block",
            BASE.replace("model { name: \"cnn-ds\" }", "model: \"cnn-ds\""),
            F + ":2:",
            "model",
            "cnn-ds",
            "{"),
        config(
            "wrong type: unknown enum value",
            withAux("role: CAPTAIN " + AUX_ENDPOINT),
            F
                + ":11:43: role: invalid value: Enum type \"auxloss.v1.Role\" has no value named \"CAPTAIN\"."),
        config(
            "wrong type: text param for a number",
            BASE.replace(
                "loss { key: \"vision.cross_entropy\" }",
                "loss { key: \"vision.cross_entropy\" param { name: \"label_smoothing\" text: \"a lot\" } }"),
            F + ":10:",
            "loss[0].param.label_smoothing: must be a number, found a text 'a lot'"),
        // weights
        config(
            "negative weight",
            withAux("weight: -0.5 " + AUX_ENDPOINT),
            F + ":11:",
            "loss[1].weight: must be a finite number >= 0, found -0.5"),
        config(
            "NaN weight",
            withAux("weight: nan " + AUX_ENDPOINT),
            F + ":11:",
            "loss[1].weight: must be a finite number >= 0, found NaN"),
        config(
            "infinite weight",
            withAux("weight: inf " + AUX_ENDPOINT),
            F + ":11:",
            "loss[1].weight: must be a finite number >= 0, found Infinity"),
        // unknown names
        config(
            "unknown loss key",
            BASE.replace("vision.cross_entropy", "vision.crossentropy"),
            F
                + ":10:8: loss[0].key: unknown loss 'vision.crossentropy'; did you mean 'vision.cross_entropy'?"),
        config(
            "loss without a key",
            with("loss { weight: 0.5 }"),
            F + ":11:",
            "loss[1].key: is required; known losses: "),
        config(
            "unknown loss parameter",
            BASE.replace(
                "loss { key: \"vision.cross_entropy\" }",
                "loss { key: \"vision.cross_entropy\" param { name: \"logit\" text: \"logits\" } }"),
            F + ":10:",
            "loss[0].param.logit: unknown parameter 'logit'; did you mean 'logits'? known parameters: "),
        config(
            "unknown model",
            BASE.replace("cnn-ds", "cnn-dss"),
            F + ":2:9: model.name: unknown model 'cnn-dss'; did you mean 'cnn-ds'?"),
        config(
            "unknown dataset",
            BASE.replace("synthetic-images", "synthetic-imgs"),
            F
                + ":4:3: data.dataset: unknown dataset 'synthetic-imgs'; did you mean 'synthetic-images'?"),
        config(
            "unknown weighting strategy",
            with("weighting { strategy: \"statik\" }"),
            F + ":11:",
            "weighting.strategy: unknown weighting strategy 'statik'; did you mean 'static'?"),
        config(
            "bad compare_on",
            with("weighting { compare_on: \"everything\" }"),
            F + ":11:",
            "weighting.compare_on: must be shared, all, group:<variable name prefix> or "
                + "endpoint:<endpoint name>, found 'everything'"),
        // graph build checks
        config(
            "missing endpoint for a loss",
            withAux("param { name: \"endpoint\" text: \"block9/features\" }"),
            "loss[1] (vision.aux_classifier)",
            "no endpoint named 'block9/features'",
            "endpoints: [block1/features"),
        train(
            "missing endpoint for a loss (train)",
            withAux("param { name: \"endpoint\" text: \"block9/features\" }"),
            "loss[1] (vision.aux_classifier)",
            "no endpoint named 'block9/features'"),
        config(
            "incompatible shapes: pixel labels on image logits",
            BASE.replace("synthetic-images", "synthetic-seg")
                + "loss { key: \"vision.cross_entropy\" name: \"seg\" param { name: \"label\" text: \"seg_label\" } }\n",
            "loss[1] (seg)",
            "endpoint 'logits' has shape [-1, 11]",
            "label field 'seg_label' has shape [-1, 28, 28]"),
        train(
            "incompatible shapes: feature map as logits (train)",
            BASE.replace(
                "loss { key: \"vision.cross_entropy\" }",
                "loss { key: \"vision.cross_entropy\" param { name: \"logits\" text: \"block1/features\" } }"),
            "loss[0]",
            "endpoint 'block1/features' has shape [-1, 14, 14, 32]",
            "label field 'label' has shape [-1]"),
        config(
            "incompatible shapes: feature map as logits (validate)",
            BASE.replace(
                "loss { key: \"vision.cross_entropy\" }",
                "loss { key: \"vision.cross_entropy\" param { name: \"logits\" text: \"block1/features\" } }"),
            "loss[0]",
            "endpoint 'block1/features' has shape [-1, 14, 14, 32]",
            "class axis"),
        config(
            "wrong label dtype for an input",
            with("loss { key: \"vision.nt_xent\" param { name: \"input\" text: \"label\" } }"),
            "loss[1] (vision.nt_xent)",
            "field 'label' is TInt32, not TFloat32"),
        // terms
        config(
            "duplicate term names",
            withAux("name: \"vision.cross_entropy\" " + AUX_ENDPOINT),
            F + ":11:",
            "loss[1].name: duplicate term name 'vision.cross_entropy' (also loss[0])"),
        config(
            "no primary term",
            BASE.replace(
                "loss { key: \"vision.cross_entropy\" }",
                "loss { key: \"vision.aux_classifier\" " + AUX_ENDPOINT + " }"),
            "loss: needs at least one PRIMARY term",
            "found vision.aux_classifier (AUXILIARY)"),
        config(
            "no loss at all",
            BASE.replace("loss { key: \"vision.cross_entropy\" }", ""),
            "loss: at least one loss is required"),
        config(
            "term name that is no scope name",
            withAux("name: \"my aux\" " + AUX_ENDPOINT),
            F + ":11:",
            "loss[1].name: must be letters, digits",
            "found 'my aux'"),
        // plugins
        config(
            "unknown plugin class",
            with("plugin_module: \"com.example.NoSuchModule\""),
            F + ":11:",
            "plugin_module[0]: class 'com.example.NoSuchModule' is not on the classpath"),
        config(
            "plugin class that is not a Guice module",
            with("plugin_module: \"java.lang.String\""),
            F + ":11:",
            "plugin_module[0]: class 'java.lang.String' is not a com.google.inject.Module"),
        config(
            "plugin given as a jar path",
            with("plugin_module: \"/tmp/my-plugin.jar\""),
            F + ":11:",
            "plugin_module[0]: must be a Guice module class name",
            "'/tmp/my-plugin.jar'"),
        // runtime
        config(
            "runtime.device",
            with("runtime { device: \"/TPU:0\" }"),
            F + ":11:",
            "runtime.device: must be empty (TensorFlow's choice), /CPU:<n> or /GPU:<n>, found '/TPU:0'"),
        config(
            "runtime.inter_op_threads below -1",
            with("runtime { inter_op_threads: -2 }"),
            F + ":11:",
            "runtime.inter_op_threads: must be >= -1",
            "found -2"),
        config(
            "runtime.malloc_arena_max below -1",
            with("runtime { malloc_arena_max: -3 }"),
            F + ":11:",
            "runtime.malloc_arena_max: must be >= -1",
            "found -3"),
        config(
            "runtime.prefetch_batches negative",
            with("runtime { prefetch_batches: -1 }"),
            F + ":11:",
            "runtime.prefetch_batches: must be > 0, found -1"),
        config(
            "runtime.intra_op_threads negative",
            with("runtime { intra_op_threads: -1 }"),
            F + ":11:",
            "runtime.intra_op_threads: must be >= 0",
            "found -1"),
        config(
            "runtime.cluster worker without port",
            with("runtime { cluster { worker: \"nohost\" } }"),
            F + ":11:",
            "runtime.cluster.worker[0]: must be host:port, found 'nohost'"),
        config(
            "runtime.cluster.task outside the workers",
            with("runtime { cluster { worker: \"h0:2222\" worker: \"h1:2222\" task: 5 } }"),
            F + ":11:",
            "runtime.cluster.task: must index a worker, 0..1, found 5"),
        // training
        config(
            "training.steps negative",
            with("training { steps: -1 }"),
            F + ":11:",
            "training.steps: must be > 0, found -1"),
        config(
            "training.eval_every negative",
            with("training { eval_every: -1 }"),
            F + ":11:",
            "training.eval_every: must be > 0, found -1"),
        config(
            "training.checkpoint_every negative",
            with("training { checkpoint_every: -5 }"),
            F + ":11:",
            "training.checkpoint_every: must be > 0, found -5"),
        config(
            "training.summary_every negative",
            with("training { summary_every: -1 }"),
            F + ":11:",
            "training.summary_every: must be > 0, found -1"),
        config(
            "training.keep_checkpoints negative",
            with("training { keep_checkpoints: -1 }"),
            F + ":11:",
            "training.keep_checkpoints: must be > 0, found -1"),
        config(
            "training.eval_batches negative",
            with("training { eval_batches: -1 }"),
            F + ":11:",
            "training.eval_batches: must be > 0",
            "found -1"),
        // optimizer
        config(
            "optimizer.learning_rate negative",
            with("optimizer { learning_rate: -0.01 }"),
            F + ":11:",
            "optimizer.learning_rate: must be a finite number > 0, found -0.01"),
        config(
            "optimizer.type unknown",
            with("optimizer { type: \"adamm\" }"),
            F + ":11:",
            "optimizer.type: unknown optimizer 'adamm'; did you mean 'adam'?"),
        config(
            "optimizer field the type does not read",
            with("optimizer { type: \"sgd\" beta1: 0.9 }"),
            F + ":11:",
            "optimizer.beta1: not used by the sgd optimizer"),
        config(
            "optimizer.beta1 outside [0, 1)",
            with("optimizer { beta1: 1.5 }"),
            F + ":11:",
            "optimizer.beta1: must be in [0, 1), found 1.5"),
        // schedules
        config(
            "schedule type unknown",
            withAux(AUX_ENDPOINT + " schedule { type: \"linera\" }"),
            F + ":11:",
            "loss[1].schedule.type: unknown schedule type 'linera'; did you mean 'linear'?"),
        config(
            "linear schedule ending before it starts",
            withAux(
                AUX_ENDPOINT + " schedule { type: \"linear\" from: 1 to: 0 start: 50 end: 10 }"),
            F + ":11:",
            "loss[1].schedule.end: a linear schedule needs end > start, found start 50, end 10"),
        config(
            "step schedule with too few values",
            withAux(
                AUX_ENDPOINT
                    + " schedule { type: \"step\" boundaries: [10, 20] values: [1, 0.5] }"),
            F + ":11:",
            "loss[1].schedule.values: a step schedule needs one more value than boundaries, "
                + "found 2 boundaries and 2 values"),
        config(
            "schedule field the type does not read",
            withAux(AUX_ENDPOINT + " schedule { type: \"linear\" from: 1 to: 0 rate: 0.5 }"),
            F + ":11:",
            "loss[1].schedule.rate: not used by a linear schedule"),
        config(
            "lr_schedule rate above 1",
            with("optimizer { lr_schedule { type: \"exponential\" rate: 2 } }"),
            F + ":11:",
            "optimizer.lr_schedule.rate: an exponential schedule needs rate in (0, 1], found 2.0"),
        // misc and several at once
        config(
            "experiment name with a space",
            BASE.replace("\"badinput\"", "\"bad input\""),
            F + ":1:",
            "name: must be letters, digits",
            "found 'bad input'"),
        config(
                "data.batch_size and data.label_fraction",
                BASE.replace("batch_size: 8", "batch_size: -1 label_fraction: 1.5"),
                F + ":5:",
                "data.batch_size: must be > 0, found -1",
                "data.label_fraction: must be in (0, 1], found 1.5")
            .withErrorLines(2),
        config(
                "several errors reported together",
                BASE.replace("cnn-ds", "cnn-dss")
                    + "training { steps: -1 }\nruntime { device: \"/TPU:0\" }\n"
                    + "optimizer { type: \"adamm\" }\n",
                F + ":2:9: model.name: unknown model 'cnn-dss'",
                F + ":11:",
                "training.steps: must be > 0, found -1",
                F + ":12:",
                "runtime.device:",
                "found '/TPU:0'",
                F + ":13:",
                "optimizer.type: unknown optimizer 'adamm'")
            .withErrorLines(4));
  }
}
