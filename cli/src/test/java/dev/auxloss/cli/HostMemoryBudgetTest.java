package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.cli.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host memory budget (by default a share of this JVM's heap) binds the commands that train, not
 * export or evaluate: a run trained with a larger {@code -Xmx} must still export under the default
 * one.
 */
class HostMemoryBudgetTest {
  @TempDir Path dir;

  @Test
  void exportAndEvaluateAreNotHeldToIt() throws Exception {
    String fits = BadInputConfigCases.BASE.replace("number: 16 }", "number: 2000 }");
    String tooBig =
        fits.replace("batch_size: 8", "batch_size: 1000")
            + "runtime { host_memory_budget_mb: 1 }\n";
    Path config = dir.resolve("experiment.pbtxt");
    Files.writeString(config, fits);
    Path run = dir.resolve("run");
    assertThat(
            Cli.run("train", "--config", config.toString(), "--out", run.toString(), "--steps", "1")
                .code())
        .isEqualTo(ExitCodes.OK);
    // As if trained on a JVM with room for it: the run's own config holds a batch this budget
    // cannot.
    Files.writeString(run.resolve(RunDirectory.CONFIG), tooBig);
    Files.writeString(config, tooBig);
    assertThat(Cli.run("validate", "--config", config.toString()).code())
        .isEqualTo(ExitCodes.BAD_INPUT);

    Cli export =
        Cli.run("export", "--run", run.toString(), "--out", dir.resolve("exported").toString());
    assertThat(export.code()).as(export.err()).isEqualTo(ExitCodes.OK);
    Cli evaluate = Cli.run("evaluate", "--run", run.toString());
    assertThat(evaluate.code()).as(evaluate.err()).isEqualTo(ExitCodes.OK);
  }
}
