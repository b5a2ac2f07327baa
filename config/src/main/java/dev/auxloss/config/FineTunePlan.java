package dev.auxloss.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a run takes from an earlier one and what it leaves untouched ({@code training.init_from},
 * {@code training.freeze}). The backend checks both against the built graph: the checkpoint's
 * variables and shapes against the model's, each freeze regex against the trainable variables.
 *
 * <pre>{@code
 * FineTunePlan ft = new FineTunePlan(
 *     new FineTunePlan.InitFrom(Path.of("runs/pretrain"), List.of(new Rename("trunk/", "backbone/")), false),
 *     List.of(Pattern.compile("block1/.*")));
 * ft.initFrom().modelName("trunk/conv/kernel");  // "backbone/conv/kernel"
 * ft.frozen("block1/conv/kernel");               // true
 * }</pre>
 *
 * @param initFrom the checkpoint to start from, or null to start from the initializers
 * @param freeze regexes, each matched against a whole variable name
 */
public record FineTunePlan(InitFrom initFrom, List<Pattern> freeze) {
  /** Nothing restored, nothing frozen. */
  public static final FineTunePlan NONE = new FineTunePlan(null, List.of());

  public FineTunePlan {
    freeze = List.copyOf(freeze);
  }

  /** Whether {@code variable} is frozen: some regex matches its whole name. */
  public boolean frozen(String variable) {
    return freeze.stream().anyMatch(p -> p.matcher(variable).matches());
  }

  /**
   * @param checkpoint a run directory (its newest checkpoint) or a checkpoint prefix
   * @param renames checkpoint name prefix → model name prefix, the first that applies wins
   * @param allowPartial restore what matches; otherwise an unrestored model variable or a shape
   *     mismatch is an error
   */
  public record InitFrom(Path checkpoint, List<Rename> renames, boolean allowPartial) {
    public InitFrom {
      Objects.requireNonNull(checkpoint, "checkpoint");
      renames = List.copyOf(renames);
    }

    /** The model variable a checkpoint entry restores, after the first rename that applies. */
    public String modelName(String checkpointName) {
      for (Rename r : renames) {
        if (checkpointName.startsWith(r.from()))
          return r.to() + checkpointName.substring(r.from().length());
      }
      return checkpointName;
    }
  }

  /** A checkpoint name prefix and the model name prefix it becomes. */
  public record Rename(String from, String to) {}
}
