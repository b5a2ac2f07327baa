package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} and {@code evaluate} of a run whose {@code plugin_module} is not on the classpath
 * (a user who forgot {@code AUXLOSS_CLASSPATH}): the run is trained with {@link TestLossesModule},
 * then its {@code config.pbtxt} is rewritten to name a module, a loss and a strategy that exist
 * nowhere. Export needs no loss, so it works; evaluate reports loss means, so it says where the
 * plugin's jar goes. (A run whose model came from the missing plugin: {@link BadInputPluginCases}.)
 */
class RunWithoutItsPluginTest {
  static final String CONFIG =
      """
      name: "plugin-run"
      model { name: "cnn-ds" }
      data {
        dataset: "synthetic-images"
        batch_size: 8
        param { name: "train_size" number: 16 }
        param { name: "validation_size" number: 8 }
        param { name: "test_size" number: 8 }
      }
      loss { key: "vision.cross_entropy" }
      loss { key: "clitest.logit_l2" }
      plugin_module: "dev.auxloss.cli.TestLossesModule"
      training { steps: 2 checkpoint_every: 2 eval_every: 2 }
      export { skip: true }
      """;
  static final String MISSING_MODULE = "com.example.Missing";

  @TempDir static Path tmp;
  static Path run;

  /**
   * Trains with the plugin, then rewrites the run's config to name {@link #MISSING_MODULE} and a
   * loss key and a weighting strategy only it would provide. (config.sha256 is left as is: only
   * --resume reads it.)
   */
  @BeforeAll
  static void trainWithThePluginThenLoseIt() throws IOException {
    run = tmp.resolve("run");
    Path config = Files.writeString(tmp.resolve("plugin-run.pbtxt"), CONFIG);
    Cli r = Cli.run("train", "--config", config.toString(), "--out", run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path runConfig = run.resolve("config.pbtxt");
    String text = Files.readString(runConfig);
    assertThat(text)
        .contains("dev.auxloss.cli.TestLossesModule", "clitest.logit_l2", "strategy: \"static\"");
    Files.writeString(
        runConfig,
        text.replace("dev.auxloss.cli.TestLossesModule", MISSING_MODULE)
            .replace("clitest.logit_l2", "missing.logit_l2")
            .replace("strategy: \"static\"", "strategy: \"missing.balance\""));
  }

  @Test
  void exportNeedsNoPluginThatOnlyAddsLosses() {
    Path out = tmp.resolve("exported");
    Cli r = Cli.run("export", "--run", run.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("exported SavedModel of step 2 to " + out);
    assertThat(out.resolve("saved_model.pb")).isNotEmptyFile();
    assertThat(out.resolve("variables/variables.index")).isNotEmptyFile();
  }

  @Test
  void evaluateSaysWhereThePluginJarGoes() {
    Cli r = Cli.run("evaluate", "--run", run.toString());
    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .startsWith("auxloss: error: ")
        .contains(
            "config.pbtxt:",
            "plugin_module[0]: class '" + MISSING_MODULE + "' is not on the classpath",
            "AUXLOSS_CLASSPATH=");
    assertThat(r.out()).isEmpty();
  }
}
