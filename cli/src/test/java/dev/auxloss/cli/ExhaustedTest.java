package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.tensorflow.exceptions.TFResourceExhaustedException;

class ExhaustedTest {
  @Test
  void aFullDiskIsNotReportedAsMemory() {
    // what TF's save op threw on a full 2 MB tmpfs: the same RESOURCE_EXHAUSTED as a failed
    // allocation
    var tf =
        new TFResourceExhaustedException(
            "/run/checkpoints/.tmp-step-20/ckpt.data-00000-of-00001.tempstate1; "
                + "No space left on device\n\t [[{{node save/SaveV2}}]]");
    assertThat(Exhausted.line(new RuntimeException(tf)))
        .hasValue(
            "the disk is full (/run/checkpoints/"
                + ".tmp-step-20/ckpt.data-00000-of-00001.tempstate1; No space left on device): free space there or "
                + "write the run elsewhere (--out)");
    var java = new UncheckedIOException(new IOException("No space left on device"));
    assertThat(Exhausted.line(java))
        .hasValueSatisfying(l -> assertThat(l).startsWith("the disk is full"));
  }

  @Test
  void memoryStaysMemory() {
    var tf =
        new TFResourceExhaustedException("OOM when allocating tensor with shape[20000,32,28,28]");
    assertThat(Exhausted.line(tf))
        .hasValueSatisfying(
            l ->
                assertThat(l)
                    .startsWith(
                        "out of memory (OOM when allocating tensor with shape[20000,32,28,28]): lower data.batch_size"));
    assertThat(Exhausted.line(new OutOfMemoryError("Java heap space")))
        .hasValueSatisfying(l -> assertThat(l).startsWith("out of memory (Java heap space)"));
    assertThat(Exhausted.line(new IllegalStateException("something else"))).isEmpty();
  }
}
