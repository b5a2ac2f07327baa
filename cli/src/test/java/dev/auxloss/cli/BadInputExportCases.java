package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.command;
import static dev.auxloss.cli.BadInputCase.config;
import static dev.auxloss.cli.BadInputCase.directory;
import static dev.auxloss.cli.BadInputCase.file;
import static dev.auxloss.cli.BadInputCase.train;

import dev.auxloss.cli.BadInputCase.Inputs;
import java.util.List;

/**
 * Export destinations that hold something not ours (issue 14, item 1): exit 2 naming the option or
 * field, the path and why, before any training, and every file there survives (the suite checks the
 * temp dir holds exactly its inputs afterwards). The export cases use a run directory whose
 * "checkpoint" is never read: the destination is refused first.
 */
final class BadInputExportCases {
  private BadInputExportCases() {}

  static final String D = BadInputCase.DIR;

  /** A run directory with a config and a (never read) checkpoint. */
  static final Inputs RUN =
      file("run/config.pbtxt", BadInputConfigCases.BASE)
          .and(file("run/checkpoints/step-2/ckpt.index", "never read\n"))
          .and(file("run/checkpoints/step-2/ckpt.data-00000-of-00001", "never read\n"));

  /** A previous auxloss export: recognised by its marker. */
  static Inputs previousExport(String dir) {
    return file(dir + "/auxloss-export.json", "{\"auxloss_export\": 1, \"step\": 2}\n")
        .and(file(dir + "/saved_model.pb", "model\n"));
  }

  static String exportTo(String dir) {
    return BadInputConfigCases.with("export { dir: \"" + dir + "\" }");
  }

  static List<BadInputCase> cases() {
    String taken = exportTo(D + "/taken");
    String models = exportTo(D + "/models");
    String underFile = exportTo(D + "/somefile/export");
    String previous = exportTo(D + "/previous");
    return List.of(
        command(
            "export --out the folder holding the run and the user's files",
            List.of("export", "--run", D + "/run", "--out", D),
            RUN.and(file("notes.txt", "mine\n")).and(file("src/Main.java", "class Main {}\n")),
            "--out "
                + D
                + ": already holds files and is not an auxloss export (it has no auxloss-export.json)"),
        command(
            "export --overwrite onto a folder that is no export",
            List.of("export", "--run", D + "/run", "--out", D + "/models", "--overwrite"),
            RUN.and(file("models/a.txt", "mine\n")),
            "--out " + D + "/models: already holds files and is not an auxloss export"),
        command(
            "export --out an existing file",
            List.of("export", "--run", D + "/run", "--out", D + "/model.zip"),
            RUN.and(file("model.zip", "zip\n")),
            "--out " + D + "/model.zip: exists and is not a directory"),
        command(
            "export --out below a regular file",
            List.of("export", "--run", D + "/run", "--out", D + "/somefile/export"),
            RUN.and(file("somefile", "x\n")),
            "--out "
                + D
                + "/somefile/export: cannot be created: "
                + D
                + "/somefile is not a directory"),
        command(
            "export --out the run directory itself",
            List.of("export", "--run", D + "/run", "--out", D + "/run"),
            RUN,
            "--out " + D + "/run: already holds files and is not an auxloss export"),
        command(
            "export over a previous export without --overwrite",
            List.of("export", "--run", D + "/run"),
            RUN.and(previousExport("run/export")),
            "export directory "
                + D
                + "/run/export: holds a previous auxloss export; pass --overwrite to replace it"),
        config(
                "export.dir an existing file (validate)",
                taken,
                "export.dir " + D + "/taken: exists and is not a directory")
            .withInputs(file("taken", "a file\n")),
        train(
                "export.dir an existing file (train)",
                taken,
                "export.dir " + D + "/taken: exists and is not a directory")
            .withInputs(file("taken", "a file\n")),
        config(
                "export.dir a folder of other files (validate)",
                models,
                "export.dir " + D + "/models: already holds files and is not an auxloss export")
            .withInputs(file("models/a.txt", "mine\n")),
        train(
                "export.dir a folder of other files (train)",
                models,
                "export.dir " + D + "/models: already holds files and is not an auxloss export")
            .withInputs(file("models/a.txt", "mine\n")),
        config(
                "export.dir below a regular file (validate)",
                underFile,
                "export.dir "
                    + D
                    + "/somefile/export: cannot be created: "
                    + D
                    + "/somefile is not a directory")
            .withInputs(file("somefile", "x\n")),
        train(
                "export.dir below a regular file (train)",
                underFile,
                "export.dir "
                    + D
                    + "/somefile/export: cannot be created: "
                    + D
                    + "/somefile is not a directory")
            .withInputs(file("somefile", "x\n")),
        config(
                "export.dir a previous export (validate)",
                previous,
                "export.dir "
                    + D
                    + "/previous: holds a previous auxloss export; pass --overwrite-export to replace it")
            .withInputs(previousExport("previous")),
        train(
                "export.dir a previous export (train)",
                previous,
                "export.dir "
                    + D
                    + "/previous: holds a previous auxloss export; pass --overwrite-export to replace it")
            .withInputs(previousExport("previous")),
        train(
            "export.dir the folder holding the run",
            exportTo(D),
            "export.dir "
                + D
                + ": holds the run directory "
                + D
                + "/run; choose a directory outside it"),
        train(
            "export.dir the run directory itself",
            exportTo(D + "/run"),
            "export.dir "
                + D
                + "/run: holds the run directory "
                + D
                + "/run; choose a directory outside it"),
        command(
            "resume does not replace a previous export at export.dir without --overwrite-export",
            List.of(
                "train",
                "--config",
                D + "/previous.pbtxt",
                "--out",
                D + "/run",
                "--resume",
                "--steps",
                "3"),
            RUN.and(file("previous.pbtxt", previous)).and(previousExport("previous")),
            "export.dir "
                + D
                + "/previous: holds a previous auxloss export; pass --overwrite-export to replace it"),
        command(
            "train --out below a regular file",
            List.of(
                "train",
                "--config",
                BadInputCase.CONFIG,
                "--out",
                D + "/somefile/run",
                "--steps",
                "1"),
            BadInputArgumentCases.VALID.and(file("somefile", "x\n")),
            "--out "
                + D
                + "/somefile/run: cannot be created: "
                + D
                + "/somefile is not a directory"),
        command(
            "resume a run whose export folder is not an auxloss export",
            List.of(
                "train",
                "--config",
                D + "/run/config.pbtxt",
                "--out",
                D + "/run",
                "--resume",
                "--steps",
                "3"),
            RUN.and(file("run/export/saved_model.pb", "someone's model\n")),
            "export directory "
                + D
                + "/run/export: already holds files and is not an auxloss export"),
        command(
            "export --out a symbolic link",
            List.of("export", "--run", D + "/run", "--out", D + "/link"),
            RUN.and(directory("real"))
                .and(
                    dir ->
                        java.nio.file.Files.createSymbolicLink(
                            dir.resolve("link"), dir.resolve("real"))),
            "--out " + D + "/link: is a symbolic link"));
  }
}
