package dev.auxloss.api.data;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A label field holding class ids in {@code [0, classes)}: {@code label} of an image or sentence
 * classifier, {@code tags} of a tagger (one id per token), {@code seg_label} of a segmentation set
 * (one id per pixel). The backend checks at build time that the model's {@code logits} are {@code
 * classes} wide (for the field whose shape matches the logits without their class axis), and at run
 * time that every id of every batch is in range.
 *
 * <pre>{@code
 * new ClassCount("label", 10, "num_classes") // Fashion-MNIST: ids 0..9, models size their head by num_classes
 * }</pre>
 *
 * @param field the batch field holding the ids (int32)
 * @param classes how many classes the ids index, {@code >= 1}
 * @param modelParam the model parameter that sizes the output for this field ({@code num_classes},
 *     {@code classes}, {@code tags}): the one {@link Dataset#modelHints()} fills in, and the one an
 *     error tells the user to change
 * @param ignoreIndex a value outside {@code [0, classes)} the field may also hold for a position
 *     nothing scores (a segmentation mask's 255, as in mmsegmentation); the losses and metrics skip
 *     every id outside {@code [0, classes)}, so the dataset states it once, here
 */
public record ClassCount(String field, int classes, String modelParam, OptionalInt ignoreIndex) {
  public ClassCount {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(modelParam, "modelParam");
    Objects.requireNonNull(ignoreIndex, "ignoreIndex");
    if (classes < 1) throw new IllegalArgumentException("classes must be >= 1, found " + classes);
    if (ignoreIndex.isPresent() && ignoreIndex.getAsInt() >= 0 && ignoreIndex.getAsInt() < classes)
      throw new IllegalArgumentException(
          "the ignore index must not be a class id in [0, "
              + classes
              + "), found "
              + ignoreIndex.getAsInt());
  }

  /** Ids in {@code [0, classes)} only. */
  public ClassCount(String field, int classes, String modelParam) {
    this(field, classes, modelParam, OptionalInt.empty());
  }

  /** Whether the field may hold {@code id}: a class id, or the ignore index. */
  public boolean accepts(int id) {
    return (id >= 0 && id < classes) || (ignoreIndex.isPresent() && id == ignoreIndex.getAsInt());
  }
}
