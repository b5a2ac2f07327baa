package dev.auxloss.vision.data;

import java.util.List;

/**
 * The images of one split of an {@link ImageFolder}, decoded from their files on each read (memory
 * stays bounded by the batch, whatever the folder's size) and resized to one size.
 */
record FolderExamples(List<ImageFolder.Labelled> files, int height, int width, int channels)
    implements Examples {
  @Override
  public int size() {
    return files.size();
  }

  @Override
  public void image(int i, float[] dst, int offset) {
    ImageFiles.read(files.get(i).path(), ImageFolder.FIELD, height, width, channels, dst, offset);
  }

  @Override
  public int label(int i) {
    return files.get(i).label();
  }

  @Override
  public void segmentation(int i, int[] dst, int offset) {
    throw new UnsupportedOperationException(
        "an image folder has class labels, not segmentation maps");
  }
}
