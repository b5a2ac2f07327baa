package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input promise, in process: exit 2, "auxloss: error:" lines, no stack trace, nothing
 * written.
 */
class CliContractTest {
  @TempDir Path tmp;

  private Cli bad(String... args) {
    Cli r = Cli.run(args);
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.errLines()).isNotEmpty();
    assertThat(r.errLines().get(0)).startsWith("auxloss: error: ");
    assertThat(r.stackTrace()).as(r.err()).isFalse();
    return r;
  }

  @Test
  void missingConfigFile() {
    Path f = tmp.resolve("does-not-exist.pbtxt");
    assertThat(bad("validate", "--config", f.toString()).errLines().get(0))
        .startsWith("auxloss: error: " + f + ": config file not found (working directory ");
  }

  @Test
  void syntaxErrorAndUnknownFieldHavePositions() throws Exception {
    Path syntax = Files.writeString(tmp.resolve("syntax.pbtxt"), "this is { not a config");
    assertThat(bad("validate", "--config", syntax.toString()).errLines())
        .containsExactly("auxloss: error: " + syntax + ":1:6: syntax error: Expected \"{\".");
    Path unknown =
        Files.writeString(tmp.resolve("unknown.pbtxt"), "seed: 1\ntrainig { steps: 3 }\n");
    assertThat(bad("train", "--config", unknown.toString()).errLines().get(0))
        .isEqualTo(
            "auxloss: error: "
                + unknown
                + ":2:1: unknown field 'trainig' in Experiment; did you mean "
                + "'training'? known fields: data, export, loss, model, name, optimizer, plugin_module, runtime, seed, "
                + "training, weighting");
  }

  @Test
  void everyConfigErrorOnItsOwnLine() throws Exception {
    Path f =
        Files.writeString(
            tmp.resolve("x.pbtxt"),
            """
        model { name: "cnn-dss" }
        data { dataset: "synthetic-images" batch_size: -1 }
        loss { key: "vision.cross_entropy" weight: -1 }
        """);
    assertThat(bad("validate", "--config", f.toString()).errLines())
        .containsExactly(
            "auxloss: error: "
                + f
                + ":1:9: model.name: unknown model 'cnn-dss'; did you mean 'cnn-ds'? known models: "
                + "cnn-ds, deep-plain, resnet, seg-net, text-lm, text-tagger, transformer-encoder, unet",
            "auxloss: error: " + f + ":2:36: data.batch_size: must be > 0, found -1",
            "auxloss: error: "
                + f
                + ":3:36: loss[0].weight: must be a finite number >= 0, found -1.0");
  }

  @Test
  void argumentErrors() {
    assertThat(bad("train").errLines().get(0))
        .isEqualTo("auxloss: error: Missing required option: '--config=<file>'");
    assertThat(bad("no-such-command").errLines().get(0))
        .startsWith(
            "auxloss: error: unknown command 'no-such-command'; known commands: evaluate, export,");
    assertThat(bad("trian").errLines().get(0))
        .startsWith("auxloss: error: unknown command 'trian'; did you mean 'train'?");
    assertThat(bad("train", "--no-such-option").errLines().get(0))
        .startsWith("auxloss: error: Unknown option")
        .contains("'--no-such-option'");
    assertThat(bad().errLines().get(0))
        .startsWith("auxloss: error: missing command; one of [train, evaluate,");
    assertThat(bad("train", "--config", "x.pbtxt", "--steps", "0").errLines().get(0))
        .isEqualTo("auxloss: error: --steps must be > 0, found 0");
    assertThat(bad("evaluate", "--run", tmp.toString(), "--split", "tset").errLines().get(0))
        .startsWith("auxloss: error: Invalid value for option '--split'");
    assertThat(bad("evaluate", "--run", tmp.toString(), "--split", "train").errLines().get(0))
        .isEqualTo("auxloss: error: --split must be validation or test, found train");
  }

  @Test
  void runDirectoriesMustExistAndHoldARun() {
    Path nowhere = tmp.resolve("nowhere");
    assertThat(bad("evaluate", "--run", nowhere.toString()).errLines())
        .containsExactly("auxloss: error: run directory not found: " + nowhere);
    assertThat(bad("export", "--run", tmp.toString()).errLines())
        .containsExactly(
            "auxloss: error: " + tmp + " is not a run directory: it has no config.pbtxt");
  }

  @Test
  void debugShowsTheStackTrace() {
    Cli r = Cli.run("validate", "--config", tmp.resolve("none.pbtxt").toString(), "--debug");
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.stackTrace()).isTrue();
  }

  @Test
  void internalErrorsExitOne() {
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        AuxlossCli.failure(new IllegalStateException("boom"), new java.io.PrintWriter(err), false);
    assertThat(code).isEqualTo(ExitCodes.INTERNAL);
    assertThat(err.toString())
        .isEqualTo(
            "auxloss: error: internal error: boom\n"
                + "auxloss: run again with --debug for the stack trace\n");
  }

  @Test
  void aWrappedExceptionSaysItsCausesReasonNotItsClass() {
    java.io.StringWriter err = new java.io.StringWriter();
    AuxlossCli.failure(
        new RuntimeException(new IllegalStateException("boom")),
        new java.io.PrintWriter(err),
        false);
    assertThat(err.toString().lines().findFirst()).contains("auxloss: error: internal error: boom");
  }

  @Test
  void everyLineOfAMultiLineErrorIsPrefixed() {
    java.io.StringWriter err = new java.io.StringWriter();
    // TensorFlow's shape, with the node on a line of its own (issue 14: it reached stderr
    // unprefixed).
    AuxlossCli.failure(
        new IllegalStateException(
            "/tmp/x/variables; No such file or directory\n\t [[{{node save/Save}}]]"),
        new java.io.PrintWriter(err),
        false);
    assertThat(err.toString().lines())
        .containsExactly(
            "auxloss: error: internal error: /tmp/x/variables; No such file or directory",
            "auxloss:   [[{{node save/Save}}]]",
            "auxloss: run again with --debug for the stack trace");
  }

  @Test
  void debugTracesArePrefixedToo() {
    java.io.StringWriter err = new java.io.StringWriter();
    AuxlossCli.failure(new IllegalStateException("boom"), new java.io.PrintWriter(err), true);
    assertThat(err.toString().lines())
        .allMatch(l -> l.startsWith("auxloss:"))
        .anyMatch(l -> l.contains("at dev.auxloss.cli.CliContractTest"));
  }

  @Test
  void helpExitsZero() {
    Cli r = Cli.run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("train", "validate", "list-losses");
  }
}
