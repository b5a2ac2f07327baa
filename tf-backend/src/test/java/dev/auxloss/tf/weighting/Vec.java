package dev.auxloss.tf.weighting;

/** Plain-Java vector arithmetic for the independent formulas the tests compare against. */
final class Vec {
  private Vec() {}

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  static double cos(double[] a, double[] b) {
    return dot(a, b) / (norm(a) * norm(b));
  }

  /** a + s·b. */
  static double[] axpy(double[] a, double s, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i] + s * b[i];
    return out;
  }

  static double[] scale(double s, double[] a) {
    return axpy(new double[a.length], s, a);
  }

  static double[] of(float... v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i];
    return out;
  }

  static double[] neg(float... v) {
    return scale(-1, of(v));
  }
}
