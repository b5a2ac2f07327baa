package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListCommandsTest {
  @Test
  void listLossesReadsTheDescriptors() {
    Cli r = Cli.run("list-losses");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "vision.aux_classifier  auxiliary, default weight 0.3\n",
            "vision.cross_entropy  primary, default weight 1.0\n",
            "    paper: Szegedy et al. 2014");
    assertThat(r.out().lines().filter(l -> l.startsWith("    param endpoint (text) = (required)")))
        .isNotEmpty();
    // an optional list whose empty value means "the paper's weights" is not shown as required
    assertThat(
            r.out().lines().filter(l -> l.startsWith("    param scale_weights (list) = (empty)")))
        .isNotEmpty();
  }

  @Test
  void pluginModulesAddTheirLosses() {
    Cli r = Cli.run("list-losses", "--plugin", TestLossesModule.class.getName());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "clitest.logit_l2  regularizer, default weight 0.01\n    mean squared logit\n"
                + "    paper: none\n    param endpoint (text) = logits   endpoint to penalise\n");
    Cli bad = Cli.run("list-losses", "--plugin", "/tmp/x.jar");
    assertThat(bad.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(bad.errLines().get(0))
        .startsWith("auxloss: error: plugin_module[0]: must be a Guice module class name");
  }

  @Test
  void otherCatalogs() {
    assertThat(Cli.run("list-models").out())
        .contains("cnn-ds\n", "    param num_classes (integer) = 10");
    assertThat(Cli.run("list-datasets").out()).contains("synthetic-images\n");
    assertThat(Cli.run("list-strategies").out()).contains("static\n");
  }

  @Test
  void listMetricsReadsTheDescriptors() {
    Cli r = Cli.run("list-metrics");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "vision.accuracy\n",
            "vision.top_k_accuracy\n",
            "vision.mean_iou\n",
            "vision.dice\n",
            "nlp.accuracy\n",
            "nlp.token_accuracy\n",
            "nlp.tag_macro_f1\n",
            "nlp.span_f1\n",
            "    param k (integer) = 5",
            "    param none_tag (integer) = 0");
  }
}
