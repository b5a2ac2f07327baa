package dev.auxloss.api.data;

import java.util.Objects;

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
 */
public record ClassCount(String field, int classes, String modelParam) {
  public ClassCount {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(modelParam, "modelParam");
    if (classes < 1) throw new IllegalArgumentException("classes must be >= 1, found " + classes);
  }
}
