package dev.auxloss.tf.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.config.RuntimeSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With XLA on, the fused step — model, auxiliary head, weighting, backward pass, Adam updates and
 * the global-step increment — is ONE XLA cluster: counted from TF's clustering debug dumps in a
 * child JVM (TF reads TF_XLA_FLAGS once, when its natives load). With grappler's remapper forced
 * on, its fused {@code _FusedConv2D}/{@code _FusedMatMul} kernels (no XLA implementation) stay
 * outside and split the step: why {@link TfSessionConfig} turns the remapper off under XLA.
 */
class XlaClusteringTest {
  @Test
  void theFusedStepIsOneXlaCluster(@TempDir Path dir) throws Exception {
    Path dump = Files.createDirectories(dir.resolve("dump"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                XlaClusterProbe.class.getName(),
                dump.toString(),
                "DEFAULT",
                "ON",
                "DEFAULT:metabalance",
                "DEFAULT:db-mtl",
                "DEFAULT:upgrad",
                "DEFAULT:aligned-mtl",
                "DEFAULT:famo",
                "DEFAULT:rlw",
                "DEFAULT:pcgrad",
                "DEFAULT:imtl-g",
                "DEFAULT:nash-mtl",
                "DEFAULT:mgda",
                "DEFAULT:cagrad")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("probe.log").toFile());
    Map<String, String> env = pb.environment();
    env.putAll(TfNativeEnvironment.required(RuntimeSettings.builder().xla(true).build(), env));
    env.put("TF_XLA_FLAGS", env.get("TF_XLA_FLAGS") + " --tf_xla_clustering_debug");
    env.put("TF_DUMP_GRAPH_PREFIX", dump.toString());
    env.put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    boolean done = p.waitFor(150, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly();
    String log = Files.readString(dir.resolve("probe.log"), StandardCharsets.UTF_8);
    assertThat(done && p.exitValue() == 0).as("probe finished; its output:%n%s", log).isTrue();
    List<String> lines = log.lines().filter(l -> l.startsWith("remapper=")).toList();
    assertThat(lines).as(log).hasSize(13);
    assertThat(lines.get(0))
        .as("default config under XLA")
        .isEqualTo("remapper=DEFAULT clusters=1 unclustered=[]");
    assertThat(lines.get(1))
        .as("remapper forced on")
        .doesNotContain("clusters=1 ")
        .contains("_Fused");
    // Every strategy's own ops join the one cluster. MatrixSolve and SelfAdjointEigV2, which
    // XLA:CPU's auto-clustering leaves out (they split UPGrad's, IMTL-G's, Nash-MTL's,
    // Aligned-MTL's and the exact MGDA/CAGrad solvers' step before), are built from elementary
    // ops when runtime.xla is on (ClusterableLinalg). Random draws (PCGrad's visit order, RLW's
    // weights) stay outside with their seed, without splitting the step.
    for (String line : lines.subList(2, lines.size())) {
      assertThat(line).contains(" clusters=1 ");
      String outside = line.replaceAll(".*unclustered=\\[(.*)\\]", "$1");
      if (outside.isEmpty()) continue;
      assertThat(outside.split(", "))
          .as(line)
          .allMatch(
              op ->
                  op.equals("global_step_read (ReadVariableOp)")
                      || op.matches("weighting/\\S+ \\((Pack|StatelessRandom\\w+)\\)"));
    }
  }
}
