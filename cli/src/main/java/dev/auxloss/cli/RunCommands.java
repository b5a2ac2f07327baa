package dev.auxloss.cli;

import dev.auxloss.cli.run.RunDirectory;
import dev.auxloss.config.ExperimentLoader;
import dev.auxloss.config.LoadedExperiment;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.config.proto.Export;
import dev.auxloss.nlp.data.TextDataConfig;
import dev.auxloss.nlp.text.Tokenizers;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code evaluate}, {@code export}, {@code predict} and {@code train --resume} share: opening
 * a run directory.
 */
final class RunCommands {
  private RunCommands() {}

  /**
   * The run's own resolved config; bad input when {@code run} is not a run directory with a
   * checkpoint.
   */
  static ResolvedExperiment load(Path run) {
    return Experiments.resolve(withOwnFiles(ExperimentLoader.load(config(run)), run));
  }

  /**
   * Like {@link #load}, resolving only what an export reads ({@link Experiments#resolveForExport}).
   */
  static ResolvedExperiment loadForExport(Path run) {
    return Experiments.resolveForExport(withOwnFiles(ExperimentLoader.load(config(run)), run));
  }

  /**
   * {@code loaded} building its data with {@code run}'s own copies of the files training read
   * ({@code <run>/assets/}, written by {@code train}): today the subword tokenizer's file, so a run
   * evaluates, exports and resumes with the tokenizer it trained with even after the original was
   * edited or deleted. Nothing changes for a run without such a copy.
   */
  static LoadedExperiment withOwnFiles(LoadedExperiment loaded, Path run) {
    String name = TextDataConfig.TOKENIZER.name();
    return loaded.experiment().getData().getParamList().stream()
        .filter(p -> p.getName().equals(name))
        .findFirst()
        .flatMap(p -> Tokenizers.runCopy(p.getText(), run.resolve(RunDirectory.ASSETS)))
        .map(copy -> loaded.withDataParamPin(name, copy))
        .orElse(loaded);
  }

  /**
   * The run's {@code export} section alone, read without building its data: {@code predict --input}
   * serves from the export and its assets, not from the files training read.
   */
  static Export exportSection(Path run) {
    return ExperimentLoader.load(config(run)).experiment().getExport();
  }

  private static Path config(Path run) {
    if (!Files.isDirectory(run)) throw new UsageException("run directory not found: " + run);
    Path config = run.resolve(RunDirectory.CONFIG);
    if (!Files.isRegularFile(config)) {
      throw new UsageException(run + " is not a run directory: it has no " + RunDirectory.CONFIG);
    }
    if (!hasCheckpoint(run))
      throw new UsageException(run + " has no checkpoint yet (train it first)");
    return config;
  }

  static boolean hasCheckpoint(Path run) {
    Path dir = run.resolve("checkpoints");
    if (!Files.isDirectory(dir)) return false;
    try (var s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().matches("step-\\d+"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
