package dev.auxloss.vision.data;

import java.util.List;

/**
 * The image/mask pairs of one split of a {@link SegmentationFolder}, decoded from their files on
 * each read (memory bounded by the batch): images resized bilinearly as {@code image-folder}'s,
 * masks by nearest neighbour ({@link MaskFiles#resizeNearest}).
 */
record SegmentationExamples(
    List<SegmentationFolder.Pair> files,
    MaskFiles.Coding coding,
    int height,
    int width,
    int channels)
    implements Examples {
  @Override
  public int size() {
    return files.size();
  }

  @Override
  public void image(int i, float[] dst, int offset) {
    ImageFiles.read(
        files.get(i).image(), SegmentationFolder.FIELD, height, width, channels, dst, offset);
  }

  /** No image class: the masks are the labels. */
  @Override
  public int label(int i) {
    return 0;
  }

  @Override
  public void segmentation(int i, int[] dst, int offset) {
    MaskFiles.Mask m = MaskFiles.read(files.get(i).mask(), coding, SegmentationFolder.FIELD);
    MaskFiles.resizeNearest(m, height, width, dst, offset);
  }
}
