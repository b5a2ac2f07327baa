package dev.auxloss.cli;

import dev.auxloss.cli.run.RunDirectory;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.config.proto.Export;
import dev.auxloss.tf.export.ExportDestination;
import dev.auxloss.tf.export.TfExporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Where {@code train} writes — the run directory and the SavedModel — checked before any work, by
 * {@code train} and by {@code validate}: each can be created and written, and the export would not
 * replace anything but a previous auxloss export the user allowed to replace. {@code train}
 * replaces a previous export at its own {@code <run>/export} when resuming; anywhere else only with
 * {@value #OVERWRITE_EXPORT}.
 */
final class Outputs {
  static final String OVERWRITE_EXPORT = "--overwrite-export";

  private Outputs() {}

  /**
   * Where a run in {@code runDir} exports: {@code export.dir}, else {@code <run>/export}; null with
   * {@code export.skip}.
   */
  static Path exportDir(ResolvedExperiment r, Path runDir) {
    return exportDir(r.config().getExport(), runDir);
  }

  /** As above, from the config's {@code export} section alone. */
  static Path exportDir(Export export, Path runDir) {
    if (export.getSkip()) return null;
    return export.getDir().isEmpty() ? runDir.resolve("export") : Path.of(export.getDir());
  }

  /** Whether train may replace a previous auxloss export at its destination. */
  static boolean replaceExport(ResolvedExperiment r, boolean resume, boolean overwriteExport) {
    return overwriteExport || (resume && r.exportDir().isEmpty());
  }

  /** The option or field naming the export destination in messages. */
  static String exportLabel(ResolvedExperiment r) {
    return r.exportDir().isEmpty() ? "export directory" : "export.dir";
  }

  /** Exit 2 unless {@code runDir} and the run's export destination can be created and written. */
  static void check(ResolvedExperiment r, Path runDir, boolean resume, boolean overwriteExport) {
    RunDirectory.requireCreatable(runDir, "run directory");
    Path export = exportDir(r, runDir);
    if (export == null) return;
    Path run = runDir.toAbsolutePath().normalize();
    if (run.startsWith(export.toAbsolutePath().normalize())) {
      throw new UsageException(
          exportLabel(r)
              + " "
              + export
              + ": holds the run directory "
              + runDir
              + "; choose a directory outside it");
    }
    requireExportDestination(
        export, replaceExport(r, resume, overwriteExport), exportLabel(r), OVERWRITE_EXPORT);
  }

  /**
   * Exit 2 naming {@code label} (the option or field), the path and why, unless {@code dest} may
   * receive an export.
   */
  static void requireExportDestination(
      Path dest, boolean replace, String label, String overwriteHint) {
    ExportDestination.problem(dest, replace, overwriteHint)
        .ifPresent(
            why -> {
              throw new UsageException(label + " " + dest + ": " + why);
            });
  }

  /**
   * Exports the newest readable checkpoint and prints {@code exported SavedModel of step N to DIR};
   * a destination that became unusable meanwhile is still bad input, named like the early check.
   */
  static TfExporter.Exported export(
      Supplier<TfExporter.Exported> write, String label, PrintWriter out) {
    try {
      TfExporter.Exported e = write.get();
      out.println("exported SavedModel of step " + e.step() + " to " + e.dir());
      return e;
    } catch (ExportDestination.UnusableException e) {
      throw new UsageException(label + " " + e.getMessage());
    }
  }

  /** Prints each checkpoint export skipped as unreadable (train's progress output already does). */
  static BiConsumer<Path, RuntimeException> fallbackNote(PrintWriter out) {
    return (prefix, e) ->
        out.println(
            "warning: " + TfExporter.unreadableMessage(prefix, e) + "; trying an older one");
  }
}
