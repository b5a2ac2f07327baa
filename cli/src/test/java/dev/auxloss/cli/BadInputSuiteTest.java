package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input, through the CLI in process: exit code 2, one {@code auxloss: error:}
 * line per problem naming the field (or file, option), the value and the rule, no stack trace, and
 * nothing written — the temp working directory holds only the case's inputs afterwards, and neither
 * the real working directory nor validate's scratch path gained anything. Issue #6.
 */
class BadInputSuiteTest {
  static final String PREFIX = "auxloss: error: ";
  static final int MINIMUM_CASES = 45;

  @TempDir Path dir;

  static List<BadInputCase> cases() {
    List<BadInputCase> all = new ArrayList<>();
    all.addAll(BadInputConfigCases.cases());
    all.addAll(BadInputDataCases.cases());
    all.addAll(BadInputArgumentCases.cases());
    all.addAll(BadInputPluginCases.cases());
    all.addAll(BadInputExportCases.cases());
    all.addAll(BadInputBoundsCases.cases());
    all.addAll(BadInputErrorCases.cases());
    all.addAll(BadInputTfRecordCases.cases());
    all.addAll(BadInputMetricCases.cases());
    all.addAll(BadInputSkipCases.cases());
    all.addAll(BadInputSweepCases.cases());
    all.addAll(BadInputSweepClusterCases.cases());
    all.addAll(BadInputSweepSettingCases.cases());
    all.addAll(BadInputFinetuneCases.cases());
    all.addAll(BadInputSegFolderCases.cases());
    all.addAll(BadInputTokenizerCases.cases());
    all.addAll(BadInputUnetCases.cases());
    all.addAll(BadInputEncoderCases.cases());
    return all;
  }

  @Test
  void theTableHasAtLeast45UniquelyNamedCases() {
    List<String> names = cases().stream().map(BadInputCase::name).toList();
    assertThat(names).hasSizeGreaterThanOrEqualTo(MINIMUM_CASES).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputIsRejectedCleanly(BadInputCase c) throws Exception {
    c.inputs().writeInto(dir);
    Set<String> inputs = tree(dir);
    Path cwd = Path.of("").toAbsolutePath();
    Set<String> cwdBefore = listing(cwd);
    Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "auxloss-validate-unused");
    boolean scratchBefore = Files.exists(scratch);

    Cli r = Cli.run(c.argsIn(dir));

    SoftAssertions soft = new SoftAssertions();
    String shown = c.name() + "\nstderr:\n" + r.err() + "stdout:\n" + r.out();
    soft.assertThat(r.code()).as("exit code; " + shown).isEqualTo(ExitCodes.BAD_INPUT);
    List<String> errors = r.errLines().stream().filter(l -> l.startsWith(PREFIX)).toList();
    soft.assertThat(errors).as("'auxloss: error:' lines; " + shown).hasSize(c.errorLines());
    soft.assertThat(r.err()).as("first stderr line; " + shown).startsWith(PREFIX);
    soft.assertThat(r.errLines())
        .as("every stderr line starts with 'auxloss:'; " + shown)
        .allMatch(l -> l.startsWith("auxloss:"));
    soft.assertThat(r.stackTrace()).as("stack trace; " + shown).isFalse();
    String errorText = String.join("\n", errors);
    for (String part : c.expectedIn(dir)) {
      soft.assertThat(errorText).as("error lines; " + shown).contains(part);
    }
    soft.assertThat(tree(dir)).as("files in the temp working dir afterwards").isEqualTo(inputs);
    soft.assertThat(listing(cwd)).as("files in the working directory " + cwd).isEqualTo(cwdBefore);
    if (!scratchBefore)
      soft.assertThat(scratch).as("validate's unused scratch path").doesNotExist();

    if (c.knownBug() == null) {
      soft.assertAll();
      return;
    }
    try {
      soft.assertAll();
    } catch (AssertionError bug) {
      Assumptions.abort("known bug: " + c.knownBug() + "\n" + bug.getMessage());
    }
    fail(
        "the known bug of '"
            + c.name()
            + "' no longer shows ("
            + c.knownBug()
            + "): remove its knownBug flag");
  }

  /** Every path under {@code root}, relative, directories included. */
  static Set<String> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root))
          .map(p -> root.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  static Set<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(HashSet::new));
    }
  }
}
