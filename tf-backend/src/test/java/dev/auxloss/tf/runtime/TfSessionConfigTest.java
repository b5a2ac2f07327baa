package dev.auxloss.tf.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.RuntimeSettings.Toggle;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/** The measured defaults and every override reach the session's ConfigProto. */
class TfSessionConfigTest {
  @Test
  void defaultsArePhysicalCoresAndTwoInterOpThreadsWithTfsGrappler() {
    ConfigProto c = TfSessionConfig.of(RuntimeSettings.defaults());
    int logical = Runtime.getRuntime().availableProcessors();
    assertThat(c.getIntraOpParallelismThreads())
        .isBetween(1, logical)
        .isEqualTo(CpuInfo.physicalCores());
    assertThat(c.getInterOpParallelismThreads()).isEqualTo(Math.min(2, logical));
    assertThat(c.getGraphOptions().getRewriteOptions())
        .isEqualTo(RewriterConfig.getDefaultInstance());
    assertThat(c.getGraphOptions().getOptimizerOptions().getGlobalJitLevel())
        .isEqualTo(OptimizerOptions.GlobalJitLevel.DEFAULT);
  }

  @Test
  void explicitThreadsAndInlineExecution() {
    ConfigProto c =
        TfSessionConfig.of(RuntimeSettings.builder().intraOpThreads(3).interOpThreads(-1).build());
    assertThat(c.getIntraOpParallelismThreads()).isEqualTo(3);
    assertThat(c.getInterOpParallelismThreads())
        .as("negative: run inline on the caller's thread")
        .isEqualTo(-1);
  }

  @Test
  void xlaTurnsTheRemapperOffUnlessAskedFor() {
    ConfigProto xla = TfSessionConfig.of(RuntimeSettings.builder().xla(true).build());
    assertThat(xla.getGraphOptions().getOptimizerOptions().getGlobalJitLevel())
        .isEqualTo(OptimizerOptions.GlobalJitLevel.ON_1);
    assertThat(xla.getGraphOptions().getRewriteOptions().getRemapping())
        .isEqualTo(RewriterConfig.Toggle.OFF);
    ConfigProto forced =
        TfSessionConfig.of(
            RuntimeSettings.builder()
                .xla(true)
                .remapper(Toggle.ON)
                .layoutOptimizer(Toggle.OFF)
                .constantFolding(Toggle.OFF)
                .build());
    RewriterConfig w = forced.getGraphOptions().getRewriteOptions();
    assertThat(w.getRemapping()).isEqualTo(RewriterConfig.Toggle.ON);
    assertThat(w.getLayoutOptimizer()).isEqualTo(RewriterConfig.Toggle.OFF);
    assertThat(w.getConstantFolding()).isEqualTo(RewriterConfig.Toggle.OFF);
  }
}
