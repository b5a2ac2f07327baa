package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.command;
import static dev.auxloss.cli.BadInputCase.directory;
import static dev.auxloss.cli.BadInputCase.file;

import dev.auxloss.cli.BadInputCase.Inputs;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code auxloss sweep} (issue 19, item 2): a bad {@code --vary}, {@code --baseline} or {@code
 * --metric}, and a setting the resolver refuses, are exit 2 naming the expression and the field
 * before any trial starts; the suite checks nothing was written.
 */
final class BadInputSweepCases {
  private BadInputSweepCases() {}

  static final String D = BadInputCase.DIR;
  static final String X = BadInputCase.CONFIG;

  /** The bad-input base config plus an auxiliary term named "aux". */
  static final Inputs WITH_AUX =
      file(
          "experiment.pbtxt",
          BadInputConfigCases.withAux("name: \"aux\" " + BadInputConfigCases.AUX_ENDPOINT));

  static List<String> sweep(String... more) {
    List<String> args = new ArrayList<>(List.of("sweep", "--config", X, "--out", D + "/sweep"));
    args.addAll(List.of(more));
    return args;
  }

  static List<BadInputCase> cases() {
    return List.of(
        command(
            "sweep: unknown field in --vary",
            sweep("--vary", "loss[aux].wieght=0,1"),
            WITH_AUX,
            "--vary 'loss[aux].wieght=0,1': loss[aux]: unknown field 'wieght'; did you mean 'weight'?"),
        command(
            "sweep: unknown section in --vary",
            sweep("--vary", "trainig.steps=2,4"),
            WITH_AUX,
            "--vary 'trainig.steps=2,4': unknown field 'trainig'; did you mean 'training'?"),
        command(
            "sweep: unknown term in --vary",
            sweep("--vary", "loss[axu].weight=0,1"),
            WITH_AUX,
            "--vary 'loss[axu].weight=0,1': loss[axu]: unknown term 'axu'; did you mean 'aux'?"),
        command(
            "sweep: --vary without values",
            sweep("--vary", "loss[aux].weight="),
            WITH_AUX,
            "--vary 'loss[aux].weight=': loss[aux].weight: no values after '='"),
        command(
            "sweep: --vary value of the wrong type",
            sweep("--vary", "loss[aux].weight=0,heavy"),
            WITH_AUX,
            "--vary 'loss[aux].weight=0,heavy': loss[aux].weight: 'heavy' is not a number"),
        command(
            "sweep: --vary value the resolver refuses",
            sweep("--vary", "weighting.strategy=static,pcgard"),
            WITH_AUX,
            "setting s2 (weighting.strategy=pcgard): weighting.strategy: unknown weighting strategy 'pcgard'; "
                + "did you mean 'pcgrad'?"),
        command(
            "sweep: --vary weight the resolver refuses",
            sweep("--vary", "loss[aux].weight=0.3,-1"),
            WITH_AUX,
            "setting s2 (loss[aux].weight=-1)",
            "-1"),
        command(
            "sweep: --vary seed",
            sweep("--vary", "seed=1,2"),
            WITH_AUX,
            "--vary 'seed=...': the seed is set by --seeds (1..n per setting)"),
        command(
            "sweep: --baseline not in the grid",
            sweep("--vary", "loss[aux].weight=0,1", "--baseline", "loss[aux].weight=2"),
            WITH_AUX,
            "--baseline 'loss[aux].weight=2': no setting of the grid has these values (loss[aux].weight takes 0, 1)"),
        command(
            "sweep: unknown --metric",
            sweep("--vary", "loss[aux].weight=0,1", "--metric", "acuracy"),
            WITH_AUX,
            "unknown --metric 'acuracy'; did you mean 'accuracy'?"),
        command(
            "sweep: --seeds 0",
            sweep("--vary", "loss[aux].weight=0,1", "--seeds", "0"),
            WITH_AUX,
            "--seeds must be >= 1, found 0"),
        command(
            "sweep: --resume without --out",
            List.of("sweep", "--config", X, "--vary", "loss[aux].weight=0,1", "--resume"),
            WITH_AUX,
            "--resume needs --out <sweep dir>"),
        command(
            "sweep: --resume on a directory without its trials",
            sweep("--vary", "loss[aux].weight=0,1", "--resume"),
            WITH_AUX.and(directory("sweep")),
            "nothing to resume in " + D + "/sweep: it holds none of this sweep's trials"),
        command(
            "sweep: --out that holds files",
            sweep("--vary", "loss[aux].weight=0,1"),
            WITH_AUX.and(file("sweep/notes.txt", "mine\n")),
            D
                + "/sweep already holds files; pass --resume to continue that run or choose another --out"));
  }
}
