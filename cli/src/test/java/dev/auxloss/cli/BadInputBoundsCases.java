package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.config;
import static dev.auxloss.cli.BadInputCase.file;
import static dev.auxloss.cli.BadInputCase.train;
import static dev.auxloss.cli.BadInputConfigCases.BASE;
import static dev.auxloss.cli.BadInputConfigCases.F;
import static dev.auxloss.cli.BadInputConfigCases.with;

import java.util.List;

/**
 * Issue 14, items 3 and 4: a batch larger than the training split (or a worker's share of it) or
 * than the host memory budget; a model whose output width disagrees with the dataset's class count;
 * a class id outside {@code [0, C)} in the data, found while training.
 */
final class BadInputBoundsCases {
  private BadInputBoundsCases() {}

  static final String BATCH = "batch_size: 8";
  static final String PLUGIN_DATA =
      """
      name: "badinput"
      model { name: "cnn-ds" }
      data {
        dataset: "clitest-images"
        batch_size: 8
        param { name: "bad_label_at" number: 5 }
        %s
      }
      loss { key: "vision.cross_entropy" }
      plugin_module: "dev.auxloss.cli.BoundsTestModule"
      """;

  static String numClasses(String config, int n) {
    return config.replace(
        "model { name: \"cnn-ds\" }",
        "model { name: \"cnn-ds\" param { name: \"num_classes\" number: " + n + " } }");
  }

  static List<BadInputCase> cases() {
    return List.of(
        // item 3: resource bounds
        config(
            "batch larger than the training split",
            BASE.replace(BATCH, "batch_size: 20"),
            F
                + ":5:3: data.batch_size: must be at most the 16 examples of the training split, found 20"),
        train(
            "batch larger than the training split (train)",
            BASE.replace(BATCH, "batch_size: 20"),
            "data.batch_size: must be at most the 16 examples of the training split, found 20"),
        config(
            "batch larger than the split, half of it labelled",
            BASE.replace(BATCH, "batch_size: 20\n  label_fraction: 0.5"),
            "data.batch_size: must be at most the 16 examples of the training split, found 20"),
        config(
            "batch of a billion",
            BASE.replace(BATCH, "batch_size: 1000000000"),
            F
                + ":5:3: data.batch_size: must be at most the 16 examples of the training split, found 1000000000"),
        train(
            "batch over the host memory budget (train)",
            with("runtime { host_memory_budget_mb: 1 }")
                .replace(BATCH, "batch_size: 1000")
                .replace("number: 16 }", "number: 2000 }"),
            F + ":5:3: data.batch_size: a batch of 1000 takes 3.0 MB on the host",
            "lower data.batch_size"),
        config(
            "batch over the host memory budget",
            with("runtime { host_memory_budget_mb: 1 }")
                .replace(BATCH, "batch_size: 1000")
                .replace("number: 16 }", "number: 2000 }"),
            F + ":5:3: data.batch_size: a batch of 1000 takes 3.0 MB on the host",
            "holds 7 at once (runtime.prefetch_batches 4 + 3): 21.0 MB, over the host memory budget of 1.0 MB",
            "at most 47 fits",
            "runtime.host_memory_budget_mb",
            "AUXLOSS_JAVA_OPTS"),
        config(
            "host memory budget of 0",
            with("runtime { host_memory_budget_mb: 0 }"),
            F + ":11:",
            "runtime.host_memory_budget_mb: must be > 0",
            "found 0"),
        // deep-plain at batch 20000 grew to 22 GB of 24 and was killed: the step's memory is
        // checked too
        config(
            "one training step over the step memory budget",
            with("runtime { step_memory_budget_mb: 1 }"),
            "data.batch_size: a training step at batch 8 holds at least",
            "more than the budget of 1.0 MB (runtime.step_memory_budget_mb); lower it (at most"),
        train(
            "one training step over the step memory budget (train)",
            with("runtime { step_memory_budget_mb: 1 }"),
            "data.batch_size: a training step at batch 8 holds at least",
            "(runtime.step_memory_budget_mb)"),
        config(
            "step memory budget of 0",
            with("runtime { step_memory_budget_mb: 0 }"),
            F + ":11:",
            "runtime.step_memory_budget_mb: must be > 0",
            "found 0"),
        config(
            "batch larger than a worker's share of the split",
            with("runtime { cluster { worker: \"localhost:2222\" worker: \"localhost:2223\" } }")
                .replace(BATCH, "batch_size: 10"),
            "data.batch_size: must be at most one worker's share of the training split "
                + "(16 examples / 2 workers = 8)",
            "found 10"),
        // item 4: class counts
        config(
            "num_classes below the dataset's classes",
            numClasses(BASE, 5),
            "model.param.num_classes: must equal the 10 classes of the dataset's field 'label'",
            "shape [-1, 5]",
            "found 5"),
        config(
            "num_classes above the dataset's classes",
            numClasses(BASE, 12),
            "model.param.num_classes: must equal the 10 classes",
            "found 12"),
        config(
                "num_classes 5 on fashion-mnist",
                numClasses(BadInputDataCases.FASHION, 5),
                "model.param.num_classes: must equal the 10 classes of the dataset's field 'label'",
                "found 5")
            .withInputs(BadInputDataCases.idxFiles(6, 2)),
        config(
            "num_classes of a segmentation net below the pixel classes",
            """
            name: "badinput"
            model { name: "seg-net" param { name: "num_classes" number: 5 } }
            data {
              dataset: "synthetic-seg"
              batch_size: 8
              param { name: "train_size" number: 16 }
              param { name: "validation_size" number: 8 }
              param { name: "test_size" number: 8 }
            }
            loss { key: "vision.cross_entropy" param { name: "label" text: "seg_label" } }
            """,
            "model.param.num_classes: must equal the 11 classes of the dataset's field 'seg_label'",
            "shape [-1, 28, 28, 5]",
            "found 5"),
        config(
                "text classes other than the categories",
                String.format(BadInputDataCases.FORTUNES, "alpha,beta")
                    .replace(
                        "param { name: \"layers\" number: 1 }",
                        "param { name: \"layers\" number: 1 }\n  param { name: \"classes\" number: 5 }"),
                "model.param.classes: must equal the 2 classes of the dataset's field 'label'",
                "found 5")
            .withInputs(file("fortunes/alpha", BadInputDataCases.QUOTES))
            .withInputs(file("fortunes/beta", BadInputDataCases.QUOTES)),
        train(
            "class id above the class count in the training data",
            String.format(PLUGIN_DATA, ""),
            "data.dataset (clitest-images): field 'label' holds 11 in example",
            "of training batch 1 (step 1); class ids must be in [0, 10)"),
        train(
            "negative class id in the training data",
            String.format(PLUGIN_DATA, "param { name: \"bad_label\" number: -1 }"),
            "field 'label' holds -1 in example",
            "training batch 1 (step 1)",
            "[0, 10)"));
  }
}
