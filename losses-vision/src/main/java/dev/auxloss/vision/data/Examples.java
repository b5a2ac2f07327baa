package dev.auxloss.vision.data;

/**
 * Random access to the examples of one split: images with values in [0, 1] (one channel unless
 * {@link #channels()} says more, interleaved HWC), a class label each, and a per-pixel segmentation
 * map.
 */
public interface Examples {
  int size();

  int height();

  int width();

  /** 1 (grey) or 3 (RGB). */
  default int channels() {
    return 1;
  }

  /**
   * Writes image {@code i} ({@code height·width·channels} floats in [0, 1]) at {@code
   * dst[offset...]}.
   */
  void image(int i, float[] dst, int offset);

  /** The class of example {@code i}, in {@code 0..classes-1}. */
  int label(int i);

  /**
   * Writes the segmentation map of example {@code i}: 0 background, {@code label + 1} on the
   * object.
   */
  void segmentation(int i, int[] dst, int offset);
}
