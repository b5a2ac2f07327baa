package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.command;
import static dev.auxloss.cli.BadInputSweepCases.WITH_AUX;
import static dev.auxloss.cli.BadInputSweepCases.sweep;

import java.util.List;

/**
 * {@code auxloss sweep --setting} (issue 19, item 3: L4's static weights plus the adaptive
 * strategies at weight 1 only): a bad setting is exit 2 naming it before any trial starts.
 */
final class BadInputSweepSettingCases {
  private BadInputSweepSettingCases() {}

  static List<BadInputCase> cases() {
    return List.of(
        command(
            "sweep: --setting without a varied path",
            sweep(
                "--vary",
                "loss[aux].weight=0,1",
                "--vary",
                "weighting.strategy=static",
                "--setting",
                "weighting.strategy=pcgrad"),
            WITH_AUX,
            "--setting 'weighting.strategy=pcgrad': no value for loss[aux].weight; give one for each of "
                + "loss[aux].weight, weighting.strategy"),
        command(
            "sweep: --setting value of the wrong type",
            sweep("--vary", "loss[aux].weight=0,1", "--setting", "loss[aux].weight=heavy"),
            WITH_AUX,
            "--setting 'loss[aux].weight=heavy': loss[aux].weight: 'heavy' is not a number"),
        command(
            "sweep: --setting value the resolver refuses",
            sweep("--vary", "weighting.strategy=static", "--setting", "weighting.strategy=pcgard"),
            WITH_AUX,
            "setting s2 (weighting.strategy=pcgard): weighting.strategy: unknown weighting strategy 'pcgard'; "
                + "did you mean 'pcgrad'?"));
  }
}
