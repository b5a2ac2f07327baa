package dev.auxloss.config;

import com.google.protobuf.TextFormat;
import dev.auxloss.config.proto.Experiment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A checked experiment: the config with every default filled (what {@code auxloss validate
 * --resolved} prints and a run directory keeps as {@code config.pbtxt}) and the plan built from it.
 *
 * @param config the resolved config; loading its text again resolves to the same plan
 * @param plan what the backend trains; {@code plan.configText()} is {@link #text(Experiment)} of
 *     {@code config} and {@code plan.configHash()} its SHA-256
 */
public record ResolvedExperiment(Experiment config, TrainingPlan plan) {
  public ResolvedExperiment {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(plan, "plan");
  }

  public String name() {
    return plan.name();
  }

  /** True when the config asks not to export at the end of training. */
  public boolean skipExport() {
    return config.getExport().getSkip();
  }

  /** The configured export directory, or empty for {@code <run dir>/export}. */
  public String exportDir() {
    return config.getExport().getDir();
  }

  /**
   * The config as protobuf text format, stable for a given config (the printer sorts by field
   * number).
   */
  public static String text(Experiment config) {
    return TextFormat.printer().printToString(config);
  }

  /** Lower-case hex SHA-256 of {@code text} in UTF-8. */
  public static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
