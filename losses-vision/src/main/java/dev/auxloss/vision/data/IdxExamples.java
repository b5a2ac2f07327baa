package dev.auxloss.vision.data;

/**
 * A contiguous range of an IDX image set as {@link Examples}: pixels scaled to [0, 1] by /255, the
 * segmentation map marking pixels brighter than {@code threshold} with the item's class + 1.
 */
final class IdxExamples implements Examples {
  private final IdxReader.Images images;
  private final int from;
  private final int count;
  private final float threshold;

  IdxExamples(IdxReader.Images images, int from, int count, double threshold) {
    if (from < 0 || count < 0 || from + count > images.count()) {
      throw new IllegalArgumentException(
          "range " + from + "+" + count + " outside " + images.count() + " images");
    }
    this.images = images;
    this.from = from;
    this.count = count;
    this.threshold = (float) threshold;
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public int height() {
    return images.rows();
  }

  @Override
  public int width() {
    return images.cols();
  }

  @Override
  public void image(int i, float[] dst, int offset) {
    int n = images.rows() * images.cols();
    for (int p = 0; p < n; p++) dst[offset + p] = images.pixel(from + i, p) / 255f;
  }

  @Override
  public int label(int i) {
    return images.label(from + i);
  }

  @Override
  public void segmentation(int i, int[] dst, int offset) {
    int n = images.rows() * images.cols();
    int cls = label(i) + 1;
    for (int p = 0; p < n; p++)
      dst[offset + p] = images.pixel(from + i, p) / 255f > threshold ? cls : 0;
  }
}
