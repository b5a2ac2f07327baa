package dev.auxloss.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentLoaderTest {
  @TempDir Path dir;

  private List<String> errors(String text) {
    return catchThrowableOfType(
            ConfigException.class, () -> ExperimentLoader.parse(text, "x.pbtxt"))
        .errors()
        .stream()
        .map(ConfigError::toString)
        .toList();
  }

  @Test
  void parsesAndKeepsTheFileNameAsDefaultName() throws Exception {
    Path file = dir.resolve("my-run.pbtxt");
    Files.writeString(file, "seed: 3\nloss { key: \"a.b\" }\n");
    LoadedExperiment loaded = ExperimentLoader.load(file);
    assertThat(loaded.experiment().getSeed()).isEqualTo(3);
    assertThat(loaded.defaultName()).isEqualTo("my-run");
    assertThat(loaded.sources().locate("loss[0].key")).isEqualTo(file + ":2:8");
  }

  @Test
  void missingFileNamesThePath() {
    Path file = dir.resolve("nope.pbtxt");
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ExperimentLoader.load(file));
    assertThat(e.errors())
        .singleElement()
        .satisfies(
            err -> {
              assertThat(err.location()).isEqualTo(file.toString());
              assertThat(err.message()).startsWith("config file not found (working directory ");
            });
  }

  @Test
  void directoryIsNotAConfig() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ExperimentLoader.load(dir));
    assertThat(e.errors().get(0).toString())
        .isEqualTo(dir + ": is a directory, expected a .pbtxt config file");
  }

  @Test
  void syntaxErrorHasLineAndColumn() {
    assertThat(errors("this is { not a config"))
        .containsExactly("x.pbtxt:1:6: syntax error: Expected \"{\".");
  }

  @Test
  void everyUnknownFieldIsReportedWithTheNearestName() {
    assertThat(errors("definitely_not_a_field: 1\nloss { kee: \"x\" }\ntraining { stepz: 3 }\n"))
        .containsExactly(
            "x.pbtxt:1:1: unknown field 'definitely_not_a_field' in Experiment; known fields: data, export, "
                + "loss, model, name, optimizer, plugin_module, runtime, seed, training, weighting",
            "x.pbtxt:2:8: unknown field 'kee' in Loss; did you mean 'key'? known fields: key, name, param, "
                + "role, schedule, weight",
            "x.pbtxt:3:12: unknown field 'stepz' in Training; did you mean 'steps'? known fields: "
                + "auxiliary_only, checkpoint_every, eval_batches, eval_every, freeze, init_from, "
                + "keep_checkpoints, metric, on_non_finite, profile_every, "
                + "steps, summary_every, zero_gradient_alarm_steps");
  }

  @Test
  void singularFieldWrittenTwiceIsAnError() {
    assertThat(errors("seed: 1\nseed: 2\n"))
        .containsExactly(
            "x.pbtxt:2:5: syntax error: Non-repeated field \"auxloss.v1.Experiment.seed\" cannot be overwritten.");
  }

  @Test
  void badEnumValueIsASyntaxError() {
    assertThat(errors("loss {\n  role: PRIMRY\n}\n"))
        .containsExactly(
            "x.pbtxt:2:9: role: invalid value: Enum type \"auxloss.v1.Role\" has no value named \"PRIMRY\". "
                + "Did you mean 'PRIMARY'? Known values: ROLE_UNSPECIFIED, PRIMARY, AUXILIARY, REGULARIZER.");
  }

  @Test
  void aValueOfTheWrongTypeNamesTheFieldAndTheValue() {
    assertThat(errors("seed: \"one\"\ndata { batch_size: 1.5 }\nmodel: \"cnn-ds\"\n"))
        .containsExactly(
            "x.pbtxt:1:7: seed: invalid value: Couldn't parse integer: For input string: \"\"one\"\"");
    assertThat(errors("data { batch_size: 1.5 }\n"))
        .containsExactly(
            "x.pbtxt:1:20: batch_size: invalid value: Couldn't parse integer: For input string: \"1.5\"");
    assertThat(errors("model: \"cnn-ds\"\n"))
        .containsExactly("x.pbtxt:1:8: model: is a block: write model { ... }, found '\"cnn-ds\"'");
  }

  @Test
  void sourceMapFallsBackToTheEnclosingBlockThenTheFile() {
    SourceMap map =
        ExperimentLoader.parse("seed: 3\nloss {\n  key: \"a.b\"\n}\n", "x.pbtxt").sources();
    assertThat(map.locate("seed")).isEqualTo("x.pbtxt:1:1");
    assertThat(map.locate("loss[0].key")).isEqualTo("x.pbtxt:3:3");
    assertThat(map.locate("loss[0].weight")).isEqualTo("x.pbtxt:2:1");
    assertThat(map.locate("loss[0].param.temperature")).isEqualTo("x.pbtxt:2:1");
    assertThat(map.locate("loss[3].weight")).isEqualTo("x.pbtxt");
    assertThat(map.locate("model.name")).isEqualTo("x.pbtxt");
    assertThat(SourceMap.none().locate("seed")).isEmpty();
  }
}
