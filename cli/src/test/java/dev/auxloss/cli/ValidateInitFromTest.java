package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} on a config with {@code init_from} and {@code allow_partial: true}: exit 0 and a
 * report of what is restored (with the rename), what the checkpoint lacks and every shape mismatch.
 */
class ValidateInitFromTest {
  @TempDir Path dir;

  @Test
  void validateReportsWhatMatchedWhatDidNotAndEveryMismatch() throws Exception {
    BadInputFinetuneCases.CHECKPOINT.writeInto(dir);
    Path config = dir.resolve("experiment.pbtxt");
    Files.writeString(
        config,
        BadInputFinetuneCases.initFrom(
            "checkpoint: \""
                + dir.resolve("pre/ckpt")
                + "\" map { from: \"trunk/\" to: \"model/\" } allow_partial: true"));

    Cli r = Cli.run("validate", "--config", config.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains(
            "init_from "
                + dir.resolve("pre/ckpt")
                + ": 1 restored, 10 model variables not in the checkpoint, 0 checkpoint variables"
                + " unused, 1 shape mismatches",
            "  restored model/fc/bias [128] <- trunk/fc/bias",
            "  not in checkpoint: model/block2/conv1/kernel [3, 3, 32, 64]",
            "  shape mismatch: 'trunk/block1/conv1/kernel' [3, 3, 1, 8] -> model variable"
                + " 'model/block1/conv1/kernel' [3, 3, 1, 32]");
  }
}
