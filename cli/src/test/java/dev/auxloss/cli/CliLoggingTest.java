package dev.auxloss.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;

/** The CLI's logging configuration: warnings on stderr, but not DJL's GPU probe's. */
class CliLoggingTest {
  @Test
  void djlsGpuProbeIsQuietAndOtherWarningsStillShow() throws Exception {
    LoggerContext ctx = new LoggerContext();
    JoranConfigurator config = new JoranConfigurator();
    config.setContext(ctx);
    config.doConfigure(getClass().getResource("/auxloss-cli-logback.xml"));
    assertThat(ctx.getLogger("ai.djl.util.cuda.CudaUtils").isWarnEnabled()).isFalse();
    assertThat(ctx.getLogger("ai.djl.huggingface.tokenizers.jni.LibUtils").isWarnEnabled())
        .isTrue();
    assertThat(ctx.getLogger("dev.auxloss.tf.TfTrainingSession").isWarnEnabled()).isTrue();
  }
}
