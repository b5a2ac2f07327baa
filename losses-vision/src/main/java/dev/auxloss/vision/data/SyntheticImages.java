package dev.auxloss.vision.data;

import java.util.List;
import java.util.Random;

/**
 * Ten classes of procedurally drawn 28×28 grey patterns, so tests and the default example need no
 * installed data: stripes in four orientations, a disc, a ring, a square outline, a plus, a
 * checkerboard and a diagonal cross. Each example draws its centre, size, stripe period and phase,
 * line thickness and ink intensity at random, adds Gaussian pixel noise and clips to [0, 1]. A
 * light-from-above ramp (ink 100 % bright at the top row, 55 % at the bottom) gives every class an
 * up direction, so rotation prediction has something to learn, as it does on natural images.
 *
 * <p>A small CNN separates the classes in a few hundred steps; the noise and the random geometry
 * keep it from being trivial. Example {@code i} of a split is always the same image for the same
 * seed; its class is {@code i mod 10}.
 */
public final class SyntheticImages {
  public static final int SIDE = 28;
  public static final int CLASSES = 10;
  public static final List<String> CLASS_NAMES =
      List.of(
          "horizontal stripes",
          "vertical stripes",
          "diagonal stripes",
          "anti-diagonal stripes",
          "disc",
          "ring",
          "square outline",
          "plus",
          "checkerboard",
          "diagonal cross");

  private SyntheticImages() {}

  /** A generator for the random draws of example {@code index} of stream {@code stream}. */
  static Random random(long seed, int stream, int index) {
    long h =
        seed * 0x9E3779B97F4A7C15L + stream * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
    return new Random(h ^ (h >>> 29));
  }

  /**
   * Draws class {@code cls} into {@code ink} ({@code 28·28} values, 1 where the pattern is, else
   * 0). Consumes the geometry draws of {@code r}; {@link #render} consumes the rest.
   */
  static void draw(int cls, Random r, float[] ink) {
    double cx = 10 + 8 * r.nextDouble(), cy = 10 + 8 * r.nextDouble();
    double s = 6 + 4 * r.nextDouble();
    double period = 3 + r.nextInt(3);
    double phase = period * r.nextDouble();
    double t = 2 + 1.5 * r.nextDouble();
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        double u = x + 0.5 - cx, v = y + 0.5 - cy;
        boolean inSquare = Math.abs(u) <= s && Math.abs(v) <= s;
        double rad = Math.sqrt(u * u + v * v);
        boolean on =
            switch (cls) {
              case 0 -> inSquare && stripe(v + phase, period);
              case 1 -> inSquare && stripe(u + phase, period);
              case 2 -> inSquare && stripe((u + v) / Math.sqrt(2) + phase, period);
              case 3 -> inSquare && stripe((u - v) / Math.sqrt(2) + phase, period);
              case 4 -> rad <= s;
              case 5 -> rad <= s && rad >= s - t;
              case 6 -> inSquare && Math.max(Math.abs(u), Math.abs(v)) >= s - t;
              case 7 ->
                  (Math.abs(u) <= t / 2 && Math.abs(v) <= s)
                      || (Math.abs(v) <= t / 2 && Math.abs(u) <= s);
              case 8 ->
                  inSquare
                      && (Math.floorMod(
                              (int) Math.floor((u + s) / period)
                                  + (int) Math.floor((v + s) / period),
                              2)
                          == 0);
              case 9 -> inSquare && (Math.abs(u - v) <= t * 0.75 || Math.abs(u + v) <= t * 0.75);
              default -> throw new IllegalArgumentException("class must be in 0..9, found " + cls);
            };
        ink[y * SIDE + x] = on ? 1f : 0f;
      }
    }
  }

  /** The visible image: ink × intensity × light ramp + N(0, noise²), clipped to [0, 1]. */
  static void render(float[] ink, Random r, double noise, float[] dst, int offset) {
    double intensity = 0.6 + 0.4 * r.nextDouble();
    for (int y = 0; y < SIDE; y++) {
      double light = 1 - 0.45 * y / (SIDE - 1);
      for (int x = 0; x < SIDE; x++) {
        double v = ink[y * SIDE + x] * intensity * light + noise * r.nextGaussian();
        dst[offset + y * SIDE + x] = (float) Math.min(1, Math.max(0, v));
      }
    }
  }

  private static boolean stripe(double coordinate, double period) {
    return Math.floorMod((long) Math.floor(coordinate * 2 / period), 2L) == 0;
  }
}
