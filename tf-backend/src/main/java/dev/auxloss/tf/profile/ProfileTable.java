package dev.auxloss.tf.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Mean op time per sampled step, by term and part of the step; the last rows are the shared ops
 * (the trunk, shared updates, runtime) and the total. A term's share is its ops' time over every
 * op's time: ops of one step run on several threads, so these are CPU shares of the step's work,
 * and their sum (opMs) exceeds the wall time when ops overlap.
 *
 * @param samples traced steps averaged
 * @param stepWallMs mean wall time of a traced step (tracing itself slows a step down)
 * @param opMs mean summed op time of a step
 */
public record ProfileTable(int samples, double stepWallMs, double opMs, List<Row> rows) {
  public static final String SHARED = "(shared)";
  public static final String TOTAL = "(total)";

  public ProfileTable {
    rows = List.copyOf(rows);
  }

  /**
   * One term's (or the shared ops') mean milliseconds per step.
   *
   * @param role PRIMARY, AUXILIARY, REGULARIZER, or "-" for the shared and total rows
   */
  public record Row(
      String term,
      String role,
      double forwardMs,
      double backwardMs,
      double weightingMs,
      double optimizerMs,
      double otherMs) {
    public double totalMs() {
      return forwardMs + backwardMs + weightingMs + optimizerMs + otherMs;
    }
  }

  /** The row of {@code term} (or {@link #SHARED}, {@link #TOTAL}). */
  public Row row(String term) {
    return rows.stream()
        .filter(r -> r.term().equals(term))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no row '"
                        + term
                        + "' in the profile; rows: "
                        + rows.stream().map(Row::term).toList()));
  }

  /** A row's share of the step's op time, 0..1. */
  public double share(Row r) {
    return opMs > 0 ? r.totalMs() / opMs : 0;
  }

  /** Share of the step taken by every auxiliary term together. */
  public double auxiliaryShare() {
    return rows.stream().filter(r -> r.role().equals("AUXILIARY")).mapToDouble(this::share).sum();
  }

  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "step profile: %d traced steps, wall %.2f ms/step, op time %.2f ms/step%n",
            samples,
            stepWallMs,
            opMs));
    b.append(
        String.format(
            Locale.ROOT,
            "%-24s %-11s %9s %9s %9s %9s %9s %9s %7s%n",
            "term",
            "role",
            "fwd_ms",
            "bwd_ms",
            "wgt_ms",
            "opt_ms",
            "other_ms",
            "total_ms",
            "share"));
    for (Row r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-24s %-11s %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f %6.1f%%%n",
              r.term(),
              r.role(),
              r.forwardMs(),
              r.backwardMs(),
              r.weightingMs(),
              r.optimizerMs(),
              r.otherMs(),
              r.totalMs(),
              100 * share(r)));
    }
    return b.toString();
  }

  public String toCsv() {
    StringBuilder b =
        new StringBuilder(
            "term,role,forward_ms,backward_ms,weighting_ms,optimizer_ms,other_ms,total_ms,share\n");
    for (Row r : rows) {
      b.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.5f%n",
              csv(r.term()),
              r.role(),
              r.forwardMs(),
              r.backwardMs(),
              r.weightingMs(),
              r.optimizerMs(),
              r.otherMs(),
              r.totalMs(),
              share(r)));
    }
    return b.toString();
  }

  /** Writes {@code profile.txt} and {@code profile.csv} into {@code dir} (created if missing). */
  public void write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("profile.txt"), toText());
      Files.writeString(dir.resolve("profile.csv"), toCsv());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the profile to " + dir, e);
    }
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
