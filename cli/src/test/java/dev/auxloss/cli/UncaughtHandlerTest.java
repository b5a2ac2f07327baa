package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A failure on a thread nobody watches is one prefixed line, not the JVM's stack trace. */
class UncaughtHandlerTest {
  @Test
  void anExceptionOnAnotherThreadIsOnePrefixedLine() throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Thread t =
        new Thread(
            () -> {
              throw new IllegalStateException("the writer stopped");
            },
            "auxloss-writer");
    t.setUncaughtExceptionHandler(new UncaughtHandler(false));
    try {
      System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
      t.start();
      t.join();
    } finally {
      System.setErr(saved);
    }
    assertThat(buffer.toString(StandardCharsets.UTF_8).lines().toList())
        .containsExactly(
            "auxloss: error: internal error in thread 'auxloss-writer': the writer stopped");
  }
}
