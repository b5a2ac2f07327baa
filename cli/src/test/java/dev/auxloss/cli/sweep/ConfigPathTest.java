package dev.auxloss.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.auxloss.config.ExperimentLoader;
import dev.auxloss.config.proto.Experiment;
import dev.auxloss.config.proto.Param;
import org.junit.jupiter.api.Test;

/**
 * {@code --vary} paths: the config's own field names, blocks by index or term name, plugin
 * parameters.
 */
class ConfigPathTest {
  static final Experiment BASE =
      ExperimentLoader.parse(
              """
      model { name: "cnn-ds" }
      loss { key: "vision.cross_entropy" }
      loss { key: "vision.aux_classifier" name: "aux" weight: 0.3 param { name: "head" text: "small" } }
      loss { key: "vision.deep_supervision" }
      """,
              "base.pbtxt")
          .experiment();

  static Experiment set(String path, String value) {
    return ConfigPath.parse(path).set(BASE, value);
  }

  @Test
  void setsScalarFieldsOfEveryType() {
    assertThat(set("weighting.strategy", "pcgrad").getWeighting().getStrategy())
        .isEqualTo("pcgrad");
    assertThat(set("training.steps", "40").getTraining().getSteps()).isEqualTo(40L);
    assertThat(set("optimizer.learning_rate", "0.01").getOptimizer().getLearningRate())
        .isEqualTo(0.01);
    assertThat(set("seed", "7").getSeed()).isEqualTo(7L);
    assertThat(set("runtime.xla", "true").getRuntime().getXla()).isTrue();
    assertThat(set("loss[1].role", "regularizer").getLoss(1).getRole().name())
        .isEqualTo("REGULARIZER");
  }

  @Test
  void selectsALossByIndexByNameOrByKey() {
    assertThat(set("loss[1].weight", "1").getLoss(1).getWeight()).isEqualTo(1.0);
    assertThat(set("loss[aux].weight", "0").getLoss(1).getWeight()).isEqualTo(0.0);
    assertThat(set("loss[vision.deep_supervision].weight", "0.5").getLoss(2).getWeight())
        .isEqualTo(0.5);
    assertThat(set("loss[aux].weight", "0").getLoss(0).hasWeight()).isFalse();
  }

  @Test
  void pluginParametersAreNumbersFlagsOrTextAndReplaceTheConfiguredOne() {
    assertThat(set("loss[aux].param.head", "large").getLoss(1).getParamList())
        .containsExactly(Param.newBuilder().setName("head").setText("large").build());
    assertThat(set("loss[aux].param.endpoint_share", "0.25").getLoss(1).getParam(1))
        .isEqualTo(Param.newBuilder().setName("endpoint_share").setNumber(0.25).build());
    assertThat(set("model.param.batch_norm", "false").getModel().getParam(0))
        .isEqualTo(Param.newBuilder().setName("batch_norm").setFlag(false).build());
  }

  @Test
  void anUnknownFieldIsNamedWithTheNearestOnes() {
    assertThatThrownBy(() -> set("loss[aux].wieght", "0"))
        .hasMessageStartingWith("loss[aux]: unknown field 'wieght'; did you mean 'weight'?");
    assertThatThrownBy(() -> set("trainig.steps", "2"))
        .hasMessageStartingWith("unknown field 'trainig'; did you mean 'training'?");
  }

  @Test
  void anUnknownTermOrIndexIsNamed() {
    assertThatThrownBy(() -> set("loss[axu].weight", "0"))
        .hasMessageStartingWith("loss[axu]: unknown term 'axu'; did you mean 'aux'?");
    assertThatThrownBy(() -> set("loss[3].weight", "0"))
        .hasMessage("loss[3]: the config has 3 loss block(s), indexed from 0");
  }

  @Test
  void aValueOfTheWrongTypeOrAPathThatIsNoFieldIsRefused() {
    assertThatThrownBy(() -> set("loss[aux].weight", "heavy"))
        .hasMessage("loss[aux].weight: 'heavy' is not a number");
    assertThatThrownBy(() -> set("training.steps", "1.5"))
        .hasMessage("training.steps: '1.5' is not a whole number");
    assertThatThrownBy(() -> set("seed", "-1"))
        .hasMessage("seed: '-1' is negative; the field is unsigned");
    assertThatThrownBy(() -> set("runtime.xla", "yes"))
        .hasMessage("runtime.xla: 'yes' is not true or false");
    assertThatThrownBy(() -> set("training", "5"))
        .hasMessageStartingWith("training: is a block; name one of its fields: steps,");
    assertThatThrownBy(() -> set("loss.weight", "1"))
        .hasMessageStartingWith("loss: is repeated: select one block");
    assertThatThrownBy(() -> set("plugin_module", "x"))
        .hasMessage("plugin_module: is a list; --vary sets fields that hold one value");
  }
}
