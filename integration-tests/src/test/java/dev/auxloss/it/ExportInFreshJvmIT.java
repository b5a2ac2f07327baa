package dev.auxloss.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.auxloss.api.data.HostTensor;
import dev.auxloss.tf.testing.TinyTask;
import dev.auxloss.tf.train.TfTrainingSession;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Train → export → load in a separate JVM with plain TF Java and no auxloss class on its classpath:
 * the served predictions equal the trained model's inference output, and the served graph holds no
 * train-only variable (auxiliary heads, optimizer slots).
 */
class ExportInFreshJvmIT {
  @TempDir Path dir;

  @Test
  void servedPredictionsMatchAndHeadsAreGone() throws Exception {
    var batch = TinyTask.Data.batch(new Random(11), 5);
    float[] expected;
    Path export = dir.resolve("export");
    try (TfTrainingSession run =
        TfTrainingSession.open(
            TinyTask.plan(TinyTask.primaryAndTwoHeads(), 80), dir.resolve("run"))) {
      run.train(false);
      run.export(export);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> logits =
          (Operand<TFloat32>) run.trainingGraph().evalOutputs().get("logits");
      expected = run.fetch(logits, batch);
      assertThat(run.trainingGraph().variableNames()).anyMatch(n -> n.startsWith("heads/aux1/"));
    }
    Path inputs = inputsFile(dir, (HostTensor.Floats) batch.get("x"));

    List<String> out = runServing(dir, export, "x", "logits", inputs);
    String vars = out.stream().filter(l -> l.startsWith("variables ")).findFirst().orElseThrow();
    assertThat(vars)
        .contains("model/h1/kernel")
        .doesNotContain("heads/")
        .doesNotContain("adam_")
        .doesNotContain("weighting/");
    assertThat(out).contains("method tensorflow/serving/predict key serving_default");
    String[] pred =
        out.stream().filter(l -> l.startsWith("predictions ")).findFirst().orElseThrow().split(" ");
    assertThat(pred.length - 1).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Float.parseFloat(pred[i + 1])).isCloseTo(expected[i], within(1e-4f));
    }
  }

  /**
   * java -cp <TensorFlow jars + a directory holding only ServeMain.class> serving.ServeMain ...:
   * the lines it printed for {@code inputs} (see {@link #inputsFile}) fed to {@code input}.
   */
  static List<String> runServing(Path dir, Path export, String input, String output, Path inputs)
      throws Exception {
    Path onlyServe = Files.createDirectories(dir.resolve("serve-classes/serving"));
    Path compiled =
        Path.of(serving.ServeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("serving/ServeMain.class");
    Files.copy(compiled, onlyServe.resolve("ServeMain.class"));
    List<String> cp = new ArrayList<>();
    cp.add(dir.resolve("serve-classes").toString());
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(e).getFileName().toString();
      if (name.contains("auxloss") || e.contains("/target/"))
        continue; // no auxloss class may be visible
      if (name.startsWith("tensorflow-")
          || name.startsWith("ndarray")
          || name.startsWith("protobuf-java")
          || name.startsWith("javacpp")) cp.add(e);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                String.join(File.pathSeparator, cp),
                "serving.ServeMain",
                export.toString(),
                input,
                output,
                inputs.toString())
            .redirectErrorStream(false)
            .redirectError(dir.resolve("serve.err").toFile())
            .start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as("serving JVM failed: " + Files.readString(dir.resolve("serve.err")))
        .isZero();
    return lines;
  }

  /**
   * ServeMain's input file for {@code x}: its shape on the first line, its values on the second.
   */
  static Path inputsFile(Path dir, HostTensor.Floats x) throws java.io.IOException {
    return Files.writeString(
        dir.resolve("inputs.txt"),
        Arrays.stream(x.shape().asArray()).mapToObj(Long::toString).collect(Collectors.joining(" "))
            + "\n"
            + floats(x.values())
            + "\n");
  }

  private static String floats(float[] v) {
    StringBuilder sb = new StringBuilder();
    for (float f : v) sb.append(f).append(' ');
    return sb.toString().trim();
  }
}
