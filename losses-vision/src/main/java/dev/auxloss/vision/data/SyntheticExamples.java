package dev.auxloss.vision.data;

import java.util.Random;

/**
 * One split of {@link SyntheticImages}: drawn on demand from (seed, split, index), never stored.
 */
final class SyntheticExamples implements Examples {
  private final int size;
  private final long seed;
  private final int stream;
  private final double noise;

  SyntheticExamples(int size, long seed, int stream, double noise) {
    this.size = size;
    this.seed = seed;
    this.stream = stream;
    this.noise = noise;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int height() {
    return SyntheticImages.SIDE;
  }

  @Override
  public int width() {
    return SyntheticImages.SIDE;
  }

  @Override
  public void image(int i, float[] dst, int offset) {
    Random r = SyntheticImages.random(seed, stream, i);
    float[] ink = new float[SyntheticImages.SIDE * SyntheticImages.SIDE];
    SyntheticImages.draw(label(i), r, ink);
    SyntheticImages.render(ink, r, noise, dst, offset);
  }

  @Override
  public int label(int i) {
    return i % SyntheticImages.CLASSES;
  }

  @Override
  public void segmentation(int i, int[] dst, int offset) {
    float[] ink = new float[SyntheticImages.SIDE * SyntheticImages.SIDE];
    SyntheticImages.draw(label(i), SyntheticImages.random(seed, stream, i), ink);
    int cls = label(i) + 1;
    for (int p = 0; p < ink.length; p++) dst[offset + p] = ink[p] > 0.5f ? cls : 0;
  }
}
