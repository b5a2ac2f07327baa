package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.command;
import static dev.auxloss.cli.BadInputCase.directory;
import static dev.auxloss.cli.BadInputCase.file;

import dev.auxloss.cli.BadInputCase.Inputs;
import java.util.List;

/** Bad command lines: options, subcommands, run directories and cluster flags. */
final class BadInputArgumentCases {
  private BadInputArgumentCases() {}

  static final String D = BadInputCase.DIR;
  static final String X = BadInputCase.CONFIG;

  /** A valid experiment at {dir}/experiment.pbtxt: what fails is the command line. */
  static final Inputs VALID = file("experiment.pbtxt", BadInputConfigCases.BASE);

  /** A run directory that train never checkpointed: its config, nothing else. */
  static final Inputs UNTRAINED_RUN = file("run/config.pbtxt", BadInputConfigCases.BASE);

  static List<BadInputCase> cases() {
    return List.of(
        command(
            "unknown option",
            List.of("train", "--config", X, "--no-such-option"),
            VALID,
            "Unknown option",
            "'--no-such-option'"),
        command(
            "missing --config (train)",
            List.of("train", "--out", D + "/run"),
            Inputs.NONE,
            "Missing required option: '--config=<file>'"),
        command(
            "missing --config (validate)",
            List.of("validate"),
            Inputs.NONE,
            "Missing required option: '--config=<file>'"),
        command(
            "config file that does not exist (validate)",
            List.of("validate", "--config", D + "/nope.pbtxt"),
            Inputs.NONE,
            D + "/nope.pbtxt: config file not found (working directory "),
        command(
            "config file that does not exist (train)",
            List.of("train", "--config", D + "/nope.pbtxt", "--out", D + "/run"),
            Inputs.NONE,
            D + "/nope.pbtxt: config file not found (working directory "),
        command(
            "config path that is a directory",
            List.of("validate", "--config", D + "/configs"),
            directory("configs"),
            D + "/configs: is a directory, expected a .pbtxt config file"),
        command(
            "--steps 0",
            List.of("train", "--config", X, "--out", D + "/run", "--steps", "0"),
            VALID,
            "--steps must be > 0, found 0"),
        command(
            "--steps -5",
            List.of("train", "--config", X, "--out", D + "/run", "--steps", "-5"),
            VALID,
            "--steps must be > 0, found -5"),
        command(
            "--steps not a number",
            List.of("train", "--config", X, "--out", D + "/run", "--steps", "many"),
            VALID,
            "Invalid value for option '--steps'",
            "'many'"),
        command(
            "--out pointing at a non-empty dir",
            List.of("train", "--config", X, "--out", D + "/full", "--steps", "1"),
            VALID.and(file("full/notes.txt", "mine\n")),
            D
                + "/full already holds files; pass --resume to continue that run or choose another --out"),
        command(
            "--out pointing at a file",
            List.of("train", "--config", X, "--out", D + "/taken", "--steps", "1"),
            VALID.and(file("taken", "a file\n")),
            D + "/taken exists and is not a directory; choose another --out"),
        command(
            "--resume with no run to resume",
            List.of("train", "--config", X, "--resume", "--steps", "1"),
            VALID,
            "nothing to resume: no runs/badinput-* directory here; pass --out <run dir>"),
        command(
            "--resume on an empty --out",
            List.of("train", "--config", X, "--resume", "--out", D + "/empty"),
            VALID.and(directory("empty")),
            "nothing to resume in " + D + "/empty: it has no config.pbtxt"),
        command(
            "evaluate a run without checkpoints",
            List.of("evaluate", "--run", D + "/run"),
            UNTRAINED_RUN,
            D + "/run has no checkpoint yet (train it first)"),
        command(
            "export a run without checkpoints",
            List.of("export", "--run", D + "/run"),
            UNTRAINED_RUN,
            D + "/run has no checkpoint yet (train it first)"),
        command(
            "export a run without checkpoints to --out",
            List.of("export", "--run", D + "/run", "--out", D + "/exported"),
            UNTRAINED_RUN,
            D + "/run has no checkpoint yet (train it first)"),
        command(
            "evaluate a directory that does not exist",
            List.of("evaluate", "--run", D + "/nowhere"),
            Inputs.NONE,
            "run directory not found: " + D + "/nowhere"),
        command(
            "export a directory that is no run",
            List.of("export", "--run", D + "/plain"),
            directory("plain"),
            D + "/plain is not a run directory: it has no config.pbtxt"),
        command(
            "evaluate --split train",
            List.of("evaluate", "--run", D + "/run", "--split", "train"),
            UNTRAINED_RUN,
            "--split must be validation or test, found train"),
        command(
            "unknown subcommand",
            List.of("no-such-command"),
            Inputs.NONE,
            "unknown command 'no-such-command'; known commands: evaluate, export"),
        command(
            "misspelt subcommand",
            List.of("valdate", "--config", X),
            VALID,
            "unknown command 'valdate'; did you mean 'validate'?"),
        command(
            "no subcommand", List.of(), Inputs.NONE, "missing command; one of [train, evaluate"),
        command(
            "--task without a cluster",
            List.of("train", "--config", X, "--out", D + "/run", "--task", "1"),
            VALID,
            "--task 1 needs a cluster: name its workers in runtime.cluster, AUXLOSS_CLUSTER or TF_CONFIG"),
        command(
            "launch --workers 0",
            List.of("launch", "--workers", "0", "--", "train", "--config", X, "--out", D + "/run"),
            VALID,
            "--workers must be >= 1, found 0"),
        command(
            "launch a command other than train",
            List.of("launch", "--workers", "2", "--", "validate", "--config", X),
            VALID,
            "the worker command must be 'train ...', found 'validate'"),
        command(
            "list-losses --plugin that is not on the classpath",
            List.of("list-losses", "--plugin", "com.example.NoSuchModule"),
            Inputs.NONE,
            "plugin_module[0]: class 'com.example.NoSuchModule' is not on the classpath"));
  }
}
