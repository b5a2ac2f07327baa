package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, item 3: running out of memory — on the command's thread or on the input thread that
 * prepares batches — is one {@code auxloss: error:} line saying what to lower, exit 1, no stack
 * trace, and the run directory it created is gone again.
 */
class OutOfMemoryTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "out of memory on the {0} thread")
  @ValueSource(strings = {"main", "input"})
  void isOneLineSayingWhatToLower(String where) throws Exception {
    Path config = dir.resolve("experiment.pbtxt");
    Files.writeString(
        config,
        String.format(
                BadInputBoundsCases.PLUGIN_DATA,
                "param { name: \"oom_in\" text: \"" + where + "\" }")
            .replace("number: 5", "number: -1"));
    Path run = dir.resolve("run");

    Cli r =
        Cli.run("train", "--config", config.toString(), "--out", run.toString(), "--steps", "1");

    String shown = "stderr:\n" + r.err() + "stdout:\n" + r.out();
    assertThat(r.code()).as(shown).isEqualTo(ExitCodes.INTERNAL);
    assertThat(r.errLines()).as(shown).hasSize(1);
    assertThat(r.errLines().get(0))
        .as(shown)
        .startsWith("auxloss: error: out of memory (")
        .contains(
            "lower data.batch_size, runtime.prefetch_batches or the model's size",
            "-Xmx",
            "AUXLOSS_JAVA_OPTS");
    assertThat(r.stackTrace()).as(shown).isFalse();
    assertThat(run).as("the run directory this run created").doesNotExist();
  }
}
