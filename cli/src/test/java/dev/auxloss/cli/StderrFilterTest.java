package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The line filter the {@code ./auxloss} launcher passes the JVM's stderr through (issue 14, item
 * 8): TensorFlow's absl lines, which TF_CPP_MIN_LOG_LEVEL does not reach, reached the user's
 * stderr.
 */
class StderrFilterTest {
  static final Path FILTER = Path.of("src/main/sh/stderr-filter.sh");

  /**
   * What a failing run wrote to fd 2, in order: absl's banner and info line, then the CLI's error.
   */
  static final String RAW =
      """
      WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
      I0000 00:00:1796549478.360351    9192 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled
      W0000 00:00:1796549478.360351    9192 cpu_feature_guard.cc:210] a warning
      auxloss: error: internal error: /proc/.nope.tmp/variables; No such file or directory
      \t [[{{node save/Save}}]]
      Exception in thread "input" java.lang.OutOfMemoryError: Java heap space
      """;

  @Test
  void abslLinesBelowTheLevelAreDroppedAndEveryOtherLineIsPrefixed() throws Exception {
    assertThat(filter("2"))
        .containsExactly(
            "auxloss: error: internal error: /proc/.nope.tmp/variables; No such file or directory",
            "auxloss: \t [[{{node save/Save}}]]",
            "auxloss: Exception in thread \"input\" java.lang.OutOfMemoryError: Java heap space");
  }

  @Test
  void level0KeepsAbslLinesPrefixedButNotTheBanner() throws Exception {
    assertThat(filter("0"))
        .hasSize(5)
        .contains(
            "auxloss: I0000 00:00:1796549478.360351    9192 mlir_graph_optimization_pass.cc:401] MLIR V1 "
                + "optimization pass is not enabled")
        .allMatch(l -> l.startsWith("auxloss:"));
    assertThat(filter("1")).hasSize(4).noneMatch(l -> l.contains("MLIR"));
  }

  private static List<String> filter(String level) throws IOException, InterruptedException {
    assertThat(FILTER).isRegularFile();
    ProcessBuilder pb = new ProcessBuilder("bash", FILTER.toString()).redirectErrorStream(true);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", level);
    Process p = pb.start();
    p.getOutputStream().write(RAW.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out.lines().toList();
  }
}
