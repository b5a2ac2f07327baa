package dev.auxloss.tf.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.config.RuntimeSettings;
import dev.auxloss.config.RuntimeSettings.Toggle;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the launcher must export for a config, and the warning when the JVM started without it. */
class TfNativeEnvironmentTest {
  private static final RuntimeSettings DEFAULTS = RuntimeSettings.defaults();

  @Test
  void defaultsAskForOneDnnAndTwoMallocArenas() {
    assertThat(TfNativeEnvironment.required(DEFAULTS, Map.of()))
        .containsExactly(
            Map.entry("TF_ENABLE_ONEDNN_OPTS", "1"), Map.entry("MALLOC_ARENA_MAX", "2"));
    assertThat(
            TfNativeEnvironment.differences(
                DEFAULTS, Map.of("TF_ENABLE_ONEDNN_OPTS", "1", "MALLOC_ARENA_MAX", "2")))
        .isEmpty();
    // An explicit choice in the environment wins over a default: no complaint.
    assertThat(
            TfNativeEnvironment.differences(
                DEFAULTS, Map.of("TF_ENABLE_ONEDNN_OPTS", "0", "MALLOC_ARENA_MAX", "8")))
        .isEmpty();
    assertThat(TfNativeEnvironment.differences(DEFAULTS, Map.of("TF_ENABLE_ONEDNN_OPTS", "1")))
        .singleElement()
        .asString()
        .startsWith("glibc malloc arenas: runtime.malloc_arena_max asks for MALLOC_ARENA_MAX=2");
    assertThat(
            TfNativeEnvironment.required(DEFAULTS.toBuilder().mallocArenaMax(-1).build(), Map.of()))
        .doesNotContainKey("MALLOC_ARENA_MAX");
  }

  @Test
  void anExplicitSettingTheEnvironmentContradictsIsReported() {
    RuntimeSettings off =
        DEFAULTS.toBuilder().onednn(Toggle.OFF).bfcCpuAllocator(Toggle.ON).build();
    assertThat(TfNativeEnvironment.required(off, Map.of()))
        .containsEntry("TF_ENABLE_ONEDNN_OPTS", "0")
        .containsEntry("TF_CPU_ALLOCATOR_USE_BFC", "true");
    assertThat(
            TfNativeEnvironment.differences(
                off, Map.of("TF_ENABLE_ONEDNN_OPTS", "true", "MALLOC_ARENA_MAX", "2")))
        .hasSize(2)
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith("oneDNN is on in this process but runtime.onednn asks for it off"))
        .anySatisfy(d -> assertThat(d).contains("TF_CPU_ALLOCATOR_USE_BFC=true"));
  }

  @Test
  void xlaOnCpuNeedsTheGlobalJitFlagMergedIntoExistingFlags() {
    RuntimeSettings xla = DEFAULTS.toBuilder().xla(true).build();
    assertThat(
            TfNativeEnvironment.required(xla, Map.of("TF_XLA_FLAGS", "--tf_xla_clustering_debug")))
        .containsEntry("TF_XLA_FLAGS", "--tf_xla_clustering_debug --tf_xla_cpu_global_jit");
    assertThat(
            TfNativeEnvironment.differences(
                xla, Map.of("TF_ENABLE_ONEDNN_OPTS", "1", "MALLOC_ARENA_MAX", "2")))
        .singleElement()
        .asString()
        .contains("--tf_xla_cpu_global_jit");
    assertThat(TfNativeEnvironment.childEnvironment(xla, Map.of("PATH", "/bin")))
        .containsEntry("PATH", "/bin")
        .containsEntry("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit");
  }
}
