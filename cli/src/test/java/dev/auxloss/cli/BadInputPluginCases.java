package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.command;
import static dev.auxloss.cli.BadInputCase.directory;
import static dev.auxloss.cli.BadInputCase.file;
import static dev.auxloss.cli.BadInputCase.train;
import static dev.auxloss.cli.BadInputConfigCases.F;
import static dev.auxloss.cli.BadInputConfigCases.with;

import java.util.List;

/**
 * A plugin's jar not where the CLI looks: each error names the module and says to put the jar on
 * {@code AUXLOSS_CLASSPATH}, and is the only error (the unknown loss or model key is its knock-on).
 * Export and evaluate of a real run without its plugin: {@link RunWithoutItsPluginTest}.
 */
final class BadInputPluginCases {
  private BadInputPluginCases() {}

  static final String HINT =
      "put the plugin's jar on the classpath (./auxloss: AUXLOSS_CLASSPATH=path/to/plugin.jar)";
  static final String PLUGIN = "plugin_module: \"com.example.MyLossesModule\"\n";
  static final String NOT_ON_CLASSPATH =
      "plugin_module[0]: class 'com.example.MyLossesModule' is not on the classpath";

  static List<BadInputCase> cases() {
    return List.of(
        train(
            "train with a plugin whose jar is not on the classpath",
            with(PLUGIN + "loss { key: \"my.activation_l2\" }"),
            F + ":11:",
            NOT_ON_CLASSPATH,
            HINT),
        train(
            "plugin_module naming the plugin's jar file",
            with("plugin_module: \"target/my-losses-1.0.jar\""),
            F + ":11:",
            "found a path or URL 'target/my-losses-1.0.jar'",
            HINT),
        // A run whose model came from the plugin: export rebuilds the model, so it needs the jar.
        command(
            "export a run whose model came from a plugin not on the classpath",
            List.of("export", "--run", "{dir}/run", "--out", "{dir}/exported"),
            file("run/config.pbtxt", with(PLUGIN).replace("\"cnn-ds\"", "\"my.net\""))
                .and(directory("run/checkpoints/step-2")),
            "{dir}/run/config.pbtxt:11:",
            NOT_ON_CLASSPATH,
            HINT));
  }
}
