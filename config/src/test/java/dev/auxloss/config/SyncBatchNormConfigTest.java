package dev.auxloss.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code runtime.cluster.sync_batch_norm} reaches the plan; absent, it is false. */
class SyncBatchNormConfigTest {
  @Test
  void syncBatchNormIsReadFromTheClusterBlockAndOffByDefault() {
    String cluster =
        ExperimentResolverTest.BASE
            + "runtime { cluster { worker: \"127.0.0.1:2222\" worker: \"127.0.0.1:2223\" %s } }";
    assertThat(
            ExperimentResolverTest.resolve(cluster.formatted("sync_batch_norm: true"))
                .plan()
                .runtime()
                .syncBatchNorm())
        .isTrue();
    assertThat(
            ExperimentResolverTest.resolve(cluster.formatted("")).plan().runtime().syncBatchNorm())
        .isFalse();
    assertThat(RuntimeSettings.defaults().syncBatchNorm()).isFalse();
  }
}
