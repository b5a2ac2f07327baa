package dev.auxloss.tf.graph;

import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ConfigError;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * The model's {@code logits} output must be as wide as the class count the dataset declares for the
 * label field it scores ({@link Dataset#classCounts()}): {@code num_classes: 5} on 10-class data
 * otherwise trains to chance and exits 0. The field is the one whose per-example shape is the
 * logits shape without its batch and class axes ({@code label []} for {@code [B,K]}, {@code
 * seg_label [H,W]} for {@code [B,H,W,K]}, {@code tags [T]} for {@code [B,T,K]}).
 */
final class OutputWidthCheck {
  static final String LOGITS = "logits";

  private OutputWidthCheck() {}

  /**
   * One error per label field the logits do not fit, named by the model parameter that sizes them.
   */
  static List<ConfigError> errors(Dataset dataset, Endpoints outputs) {
    List<ConfigError> errors = new ArrayList<>();
    if (!outputs.has(LOGITS)) return errors;
    Shape logits = outputs.asMap().get(LOGITS).shape();
    int rank = logits.numDimensions();
    if (logits.isUnknown() || rank < 2 || logits.size(rank - 1) < 0) return errors;
    long width = logits.size(rank - 1);
    for (ClassCount c : dataset.classCounts()) {
      TensorSpec spec =
          dataset.specs().stream().filter(s -> s.name().equals(c.field())).findFirst().orElse(null);
      if (spec == null || !scores(logits, spec.shape()) || width == c.classes()) continue;
      errors.add(
          ConfigError.of(
              "model.param." + c.modelParam(),
              "must equal the "
                  + c.classes()
                  + " classes of the dataset's field '"
                  + c.field()
                  + "' (it sets the width of the model's output 'logits', shape "
                  + logits
                  + "), found "
                  + width));
    }
    return errors;
  }

  /**
   * Whether {@code logits} [B, ..., K] scores a field of per-example shape {@code field} (unknown
   * dims match).
   */
  private static boolean scores(Shape logits, Shape field) {
    int rank = logits.numDimensions();
    if (field.numDimensions() != rank - 2) return false;
    for (int i = 0; i < field.numDimensions(); i++) {
      long a = logits.size(i + 1);
      long b = field.size(i);
      if (a >= 0 && b >= 0 && a != b) return false;
    }
    return true;
  }
}
