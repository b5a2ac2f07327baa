package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.cli.run.RunDirectory;
import dev.auxloss.cli.run.RunLock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 on a real run (4 steps, checkpoints at 2 and 4): an export replaces only a previous
 * auxloss export and only when asked (item 1), a run directory is locked against a second process
 * (item 2), and export falls back past an unreadable checkpoint naming it (item 7). What the
 * bad-input table cannot express: files that must change or survive across commands, and a lock
 * held by another process.
 */
class RunSafetyTest {
  static final String CONFIG =
      BadInputConfigCases.BASE + "training { steps: 4 checkpoint_every: 2 }\n";

  @TempDir static Path tmp;

  @BeforeAll
  static void trainOnce() throws Exception {
    Files.writeString(tmp.resolve("tiny.pbtxt"), CONFIG);
    Cli r =
        Cli.run(
            "train", "--config", tmp.resolve("tiny.pbtxt").toString(), "--out", run().toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("exported SavedModel of step 4 to " + run().resolve("export"));
    assertThat(marker(run().resolve("export")))
        .contains("\"step\": 4", "\"run\": \"" + run() + "\"");
  }

  static Path run() {
    return tmp.resolve("run");
  }

  @Test
  void exportReplacesAPreviousExportOnlyWithOverwrite() throws Exception {
    Path out = tmp.resolve("models/current");
    Cli first = Cli.run("export", "--run", run().toString(), "--out", out.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("exported SavedModel of step 4 to " + out);
    Object firstKey = Files.readAttributes(out, "unix:ino").get("ino");

    Cli refused = Cli.run("export", "--run", run().toString(), "--out", out.toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(refused.errLines())
        .containsExactly(
            "auxloss: error: --out "
                + out
                + ": holds a previous auxloss export; pass --overwrite to replace it");
    assertThat(Files.readAttributes(out, "unix:ino").get("ino")).isEqualTo(firstKey);

    Cli replaced =
        Cli.run("export", "--run", run().toString(), "--out", out.toString(), "--overwrite");
    assertThat(replaced.code()).as(replaced.err()).isZero();
    assertThat(Files.readAttributes(out, "unix:ino").get("ino")).isNotEqualTo(firstKey);
    assertThat(out.resolve("saved_model.pb")).exists();
    assertThat(marker(out)).contains("\"step\": 4");
    // neither the temporary export nor the replaced one is left beside it
    assertThat(listing(out.getParent())).containsExactly("current");
  }

  /**
   * /proc passes the access check as root, then refuses the directory: bad input, not an internal
   * error.
   */
  @Test
  void exportWhereTheFileSystemRefusesADirectoryIsBadInput() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
    Cli r = Cli.run("export", "--run", run().toString(), "--out", "/proc/auxloss-export");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.errLines())
        .containsExactly(
            "auxloss: error: --out /proc/auxloss-export: cannot be created here: no such file or directory");
  }

  @Test
  void exportFallsBackPastAnUnreadableCheckpointNamingIt() throws Exception {
    Path torn = copyRun("torn");
    tear(torn.resolve("checkpoints/step-4"));
    Path out = tmp.resolve("torn-export");
    Cli r = Cli.run("export", "--run", torn.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out())
        .contains(
            "warning: checkpoint " + torn.resolve("checkpoints/step-4/ckpt") + " is unreadable: ",
            "exported SavedModel of step 2 to " + out);
    assertThat(marker(out)).contains("\"step\": 2");

    tear(torn.resolve("checkpoints/step-2"));
    Path none = tmp.resolve("never/torn-export-2");
    Cli failed = Cli.run("export", "--run", torn.toString(), "--out", none.toString());
    assertThat(failed.code()).isEqualTo(ExitCodes.INTERNAL);
    assertThat(failed.errLines().stream().filter(l -> l.startsWith("auxloss: error: ")).toList())
        .singleElement()
        .asString()
        .contains(
            "checkpoint " + torn.resolve("checkpoints/step-4/ckpt") + " is unreadable",
            "checkpoint " + torn.resolve("checkpoints/step-2/ckpt") + " is unreadable");
    assertThat(tmp.resolve("never"))
        .as("nothing created when no checkpoint restores")
        .doesNotExist();
  }

  @Test
  void trainReplacesAPreviousExportAtExportDirOnlyWithOverwriteExport() throws Exception {
    Path served = tmp.resolve("served");
    assertThat(Cli.run("export", "--run", run().toString(), "--out", served.toString()).code())
        .isZero();
    Path config =
        Files.writeString(
            tmp.resolve("served.pbtxt"), CONFIG + "export { dir: \"" + served + "\" }\n");
    Path second = tmp.resolve("second");

    Cli refused =
        Cli.run("train", "--config", config.toString(), "--out", second.toString(), "--steps", "2");
    assertThat(refused.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(refused.errLines())
        .containsExactly(
            "auxloss: error: export.dir "
                + served
                + ": holds a previous auxloss export; pass --overwrite-export to replace it");
    assertThat(second).as("refused before training").doesNotExist();

    Cli replaced =
        Cli.run(
            "train",
            "--config",
            config.toString(),
            "--out",
            second.toString(),
            "--steps",
            "2",
            "--overwrite-export");
    assertThat(replaced.code()).as(replaced.err() + replaced.out()).isZero();
    assertThat(marker(served)).contains("\"run\": \"" + second + "\"", "\"step\": 2");
  }

  @Test
  void aRunLockedInThisProcessRefusesEveryCommandAndKeepsItsFiles() throws Exception {
    Path r = copyRun("locked");
    String[] tree;
    try (RunLock held = RunLock.acquire(r, "train")) {
      tree = tree(r);
      String holder =
          r
              + " is in use by another auxloss process (pid="
              + ProcessHandle.current().pid()
              + " host=";
      for (String[] args : commandsOn(r)) {
        Cli c = Cli.run(args);
        assertThat(c.code())
            .as(String.join(" ", args) + "\n" + c.err())
            .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(c.errLines())
            .as(String.join(" ", args))
            .singleElement()
            .asString()
            .startsWith("auxloss: error: " + holder)
            .contains("command=train");
      }
      assertThat(tree(r)).containsExactly(tree);
    }
    assertThat(r.resolve(RunLock.FILE)).as("removed by the process that created it").doesNotExist();
    Cli after = Cli.run("evaluate", "--run", r.toString());
    assertThat(after.code()).as(after.err()).isZero();
  }

  @Test
  void aRunLockedByAnotherProcessRefusesTrainExportAndEvaluateUntilItDies() throws Exception {
    Path r = copyRun("other-process");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                r.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      String line =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(line).startsWith("locked ");
      String pid = line.substring("locked ".length());
      assertThat(pid).isEqualTo(String.valueOf(child.pid()));
      String[] tree = tree(r);
      for (String[] args : commandsOn(r)) {
        Cli c = Cli.run(args);
        assertThat(c.code())
            .as(String.join(" ", args) + "\n" + c.err())
            .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(c.errLines())
            .singleElement()
            .asString()
            .startsWith(
                "auxloss: error: "
                    + r
                    + " is in use by another auxloss process (pid="
                    + pid
                    + " host=");
      }
      assertThat(tree(r)).containsExactly(tree);
    } finally {
      child.destroyForcibly(); // kill -9: the OS drops its lock, its lock file stays behind
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(r.resolve(RunLock.FILE)).exists();
    Cli after = Cli.run("evaluate", "--run", r.toString());
    assertThat(after.code()).as(after.err()).isZero();
    assertThat(r.resolve(RunLock.FILE))
        .as("the dead holder's file: not evaluate's to delete")
        .exists();
  }

  @Test
  void aFailedRunRemovesOnlyWhatItCreated() throws Exception {
    Path runs = tmp.resolve("cleanup/runs");
    RunDirectory failed = RunDirectory.create(runs.resolve("a"), true, "train");
    // another run started beside it meanwhile, under the runs/ this one created
    Path other =
        Files.createDirectories(runs.resolve("b/checkpoints/step-1")).resolve("ckpt.index");
    Files.writeString(other, "another run's checkpoint");
    failed.writeConfig("name: \"a\"\n", "0");
    assertThat(failed.removeIfUseless()).isTrue();
    failed.close();
    assertThat(runs.resolve("a")).doesNotExist();
    assertThat(other).hasContent("another run's checkpoint");

    RunDirectory alone = RunDirectory.create(tmp.resolve("cleanup2/runs/c"), true, "train");
    assertThat(alone.removeIfUseless()).isTrue();
    alone.close();
    assertThat(tmp.resolve("cleanup2")).as("the parents it created, now empty").doesNotExist();

    Path resumed = copyRun("resumed-failing");
    for (String results : new String[] {"checkpoints", "export"}) {
      try (Stream<Path> s = Files.walk(resumed.resolve(results))) {
        s.sorted(Comparator.reverseOrder()).forEach(RunSafetyTest::delete);
      }
    }
    String[] before = tree(resumed);
    try (RunDirectory again = RunDirectory.create(resumed, false, "train")) {
      assertThat(again.removeIfUseless()).as("a directory this process did not create").isFalse();
    }
    assertThat(tree(resumed)).containsExactly(before);
  }

  /** train --resume, a fresh train, export and evaluate, each on {@code r}. */
  static String[][] commandsOn(Path r) {
    String config = r.resolve("config.pbtxt").toString();
    return new String[][] {
      {"train", "--config", config, "--out", r.toString(), "--resume", "--steps", "6"},
      {"train", "--config", config, "--out", r.toString(), "--steps", "6"},
      {
        "export",
        "--run",
        r.toString(),
        "--out",
        r.resolveSibling(r.getFileName() + "-export").toString()
      },
      {"evaluate", "--run", r.toString()}
    };
  }

  static String marker(Path export) throws IOException {
    return Files.readString(export.resolve("auxloss-export.json"));
  }

  /**
   * Truncates a checkpoint's data files to a few bytes: a torn write. (To a third would not do: the
   * model's variables sort before the optimizer's slots and export reads only those.)
   */
  static void tear(Path checkpoint) throws IOException {
    try (Stream<Path> files = Files.list(checkpoint)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().startsWith("ckpt.data-")).toList()) {
        Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 8));
      }
    }
  }

  static Path copyRun(String name) throws IOException {
    Path to = tmp.resolve(name);
    try (Stream<Path> s = Files.walk(run())) {
      for (Path p : s.toList()) {
        Path target = to.resolve(run().relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    return to;
  }

  static String[] tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.map(p -> root.relativize(p) + (Files.isRegularFile(p) ? " " + size(p) : ""))
          .sorted()
          .toArray(String[]::new);
    }
  }

  static String[] listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
