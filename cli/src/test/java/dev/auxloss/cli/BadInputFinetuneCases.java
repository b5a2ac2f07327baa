package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.config;
import static dev.auxloss.cli.BadInputCase.file;
import static dev.auxloss.cli.BadInputCase.train;

import dev.auxloss.cli.BadInputCase.Inputs;
import java.nio.file.Files;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;

/**
 * training.init_from, training.freeze and training.auxiliary_only (issue 17, item 4): exit 2 naming
 * the field, the value and the rule, before training; nothing written.
 */
final class BadInputFinetuneCases {
  private BadInputFinetuneCases() {}

  static final String D = BadInputCase.DIR;

  /**
   * A checkpoint prefix {@code pre/ckpt} (TF's SaveV2) holding cnn-ds's block1 conv1 kernel with 8
   * filters instead of 32 and its fc bias, both under "trunk/".
   */
  static final Inputs CHECKPOINT =
      dir -> {
        Files.createDirectories(dir.resolve("pre"));
        try (Graph g = new Graph();
            Session s = new Session(g)) {
          Ops tf = Ops.create(g);
          String[] names = {"trunk/block1/conv1/kernel", "trunk/fc/bias"};
          List<Operand<?>> values =
              List.of(
                  tf.zeros(
                      tf.constant(new long[] {3, 3, 1, 8}), org.tensorflow.types.TFloat32.class),
                  tf.zeros(tf.constant(new long[] {128}), org.tensorflow.types.TFloat32.class));
          var save =
              tf.train.save(
                  tf.constant(dir.resolve("pre/ckpt").toString()),
                  tf.constant(StdArrays.ndCopyOf(names)),
                  tf.constant(NdArrays.vectorOfObjects("", "")),
                  values);
          s.runner().addTarget(save).run().close();
        }
      };

  static String initFrom(String body) {
    return BadInputConfigCases.with("training { init_from { " + body + " } }");
  }

  static List<BadInputCase> cases() {
    String partialRestore =
        initFrom("checkpoint: \"" + D + "/pre/ckpt\" map { from: \"trunk/\" to: \"model/\" }");
    List<String> mismatch =
        List.of(
            "training.init_from: 10 model variable(s) not in the checkpoint after renames",
            "model/block2/conv1/kernel [3, 3, 32, 64]",
            "set training.init_from.allow_partial: true",
            "training.init_from: shape mismatch: 'trunk/block1/conv1/kernel' [3, 3, 1, 8] -> model "
                + "variable 'model/block1/conv1/kernel' [3, 3, 1, 32]");
    return List.of(
        config(
            "freeze: not a regular expression",
            BadInputConfigCases.with("training { freeze: \"block1/(\" }"),
            "training.freeze[0]: must be a regular expression (java.util.regex), found 'block1/('",
            "Unclosed group"),
        config(
            "freeze: a regex matching no variable",
            BadInputConfigCases.with("training { freeze: \"block1/.*\" }"),
            "training.freeze[0]: 'block1/.*' matches no trainable variable (a regex matches a whole name)",
            "model/block1/conv1/kernel"),
        train(
            "train with a freeze regex matching no variable writes nothing",
            BadInputConfigCases.with("training { freeze: \"model/block9/.*\" }"),
            "training.freeze[0]: 'model/block9/.*' matches no trainable variable"),
        config(
            "init_from: no such checkpoint",
            initFrom("checkpoint: \"" + D + "/nope\""),
            "training.init_from.checkpoint: no checkpoint at '" + D + "/nope'",
            "neither a run directory nor a checkpoint prefix"),
        BadInputCase.command(
            "init_from: a run directory without a checkpoint",
            List.of("validate", "--config", BadInputCase.CONFIG),
            file("experiment.pbtxt", initFrom("checkpoint: \"" + D + "/emptyrun\""))
                .and(file("emptyrun/config.pbtxt", "name: \"x\"\n")),
            "training.init_from.checkpoint: run directory '"
                + D
                + "/emptyrun' holds no complete checkpoint"),
        config(
            "init_from: a rename without from",
            initFrom("checkpoint: \"x\" map { to: \"model/\" }"),
            "training.init_from.map[0].from: must be a non-empty checkpoint name prefix"),
        new BadInputCase(
            "init_from: missing variables and a shape mismatch",
            List.of("validate", "--config", BadInputCase.CONFIG),
            file("experiment.pbtxt", partialRestore).and(CHECKPOINT),
            2,
            mismatch,
            null),
        new BadInputCase(
            "train with init_from: missing variables and a shape mismatch write nothing",
            List.of("train", "--config", BadInputCase.CONFIG, "--out", D + "/run", "--steps", "1"),
            file("experiment.pbtxt", partialRestore).and(CHECKPOINT),
            2,
            mismatch,
            null),
        config(
            "auxiliary_only with a PRIMARY term",
            BadInputConfigCases.with("training { auxiliary_only: true }"),
            "training.auxiliary_only: true allows no PRIMARY term",
            "vision.cross_entropy (PRIMARY)"));
  }
}
