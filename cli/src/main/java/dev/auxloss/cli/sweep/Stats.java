package dev.auxloss.cli.sweep;

import java.util.List;

/**
 * Mean, sample standard deviation and the paired 95 % interval a sweep reports.
 *
 * <p>The paired interval of a setting against the baseline: over the seeds both finished, d_s =
 * metric(setting, s) − metric(baseline, s) (the pair shares its seed, hence its initialisation and
 * data order); mean(d) ± t(0.975, n−1) · sd(d) / √n, Student's t with n − 1 degrees of freedom. For
 * differences 0.02, 0.04, 0.03, 0.05, 0.01: mean 0.03, sd 0.0158, t(0.975, 4) = 2.776, interval
 * [0.0104, 0.0496].
 */
public final class Stats {
  /** t(0.975, dof) for dof 1..30 (standard tables); beyond, the Cornish-Fisher expansion below. */
  private static final double[] T975 = {
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788,
    2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
    2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423
  };

  private static final double Z975 = 1.959964;

  private Stats() {}

  /** A mean ± standard deviation over n values; std is NaN for n < 2. */
  public record Summary(double mean, double std, int n) {}

  /** A paired difference: mean and the 95 % interval [low, high] (NaN for n < 2). */
  public record Paired(double mean, double low, double high, int n) {}

  public static Summary summary(List<Double> xs) {
    int n = xs.size();
    double mean = xs.stream().mapToDouble(Double::doubleValue).sum() / n;
    if (n < 2) return new Summary(mean, Double.NaN, n);
    double ss = xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
    return new Summary(mean, Math.sqrt(ss / (n - 1)), n);
  }

  public static Paired paired(List<Double> differences) {
    Summary s = summary(differences);
    if (s.n() < 2) return new Paired(s.mean(), Double.NaN, Double.NaN, s.n());
    double half = t975(s.n() - 1) * s.std() / Math.sqrt(s.n());
    return new Paired(s.mean(), s.mean() - half, s.mean() + half, s.n());
  }

  /** The 97.5 % quantile of Student's t with {@code dof} degrees of freedom. */
  public static double t975(int dof) {
    if (dof < 1) throw new IllegalArgumentException("dof must be >= 1, found " + dof);
    if (dof <= T975.length) return T975[dof - 1];
    // Cornish-Fisher expansion around the normal quantile: error below 1e-4 for dof > 30.
    double z = Z975;
    double v = dof;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    double z7 = z5 * z * z;
    return z
        + (z3 + z) / (4 * v)
        + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
  }
}
