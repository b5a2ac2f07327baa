package dev.auxloss.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.auxloss.api.data.HostTensor;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@link serving.ServeMain} on an export in a separate JVM whose classpath holds TensorFlow's
 * jars and that one class, no auxloss class: what a server that never saw auxloss gets.
 */
final class ServingJvm {
  private ServingJvm() {}

  /**
   * The lines ServeMain prints ({@code variables ...}, {@code method ...}, {@code predictions ...})
   * for {@code x} fed as {@code input}, fetching {@code output}; {@code dir} holds the scratch
   * files.
   */
  static List<String> run(Path dir, Path export, String input, String output, HostTensor.Floats x)
      throws Exception {
    Path inputs = dir.resolve("inputs.txt");
    Files.writeString(
        inputs,
        Arrays.stream(x.shape().asArray()).mapToObj(Long::toString).collect(Collectors.joining(" "))
            + "\n"
            + floats(x.values())
            + "\n");
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

  /** The values after the {@code prefix} word of the line that starts with it. */
  static String[] line(List<String> out, String prefix) {
    String l = out.stream().filter(s -> s.startsWith(prefix + " ")).findFirst().orElseThrow();
    return l.substring(prefix.length() + 1).split(" ");
  }

  private static String floats(float[] v) {
    StringBuilder sb = new StringBuilder();
    for (float f : v) sb.append(f).append(' ');
    return sb.toString().trim();
  }
}
