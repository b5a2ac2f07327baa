package dev.auxloss.cli;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.cli.predict.ImageInputs;
import dev.auxloss.cli.predict.Predictions;
import dev.auxloss.cli.predict.TextInputs;
import dev.auxloss.config.ResolvedExperiment;
import dev.auxloss.nlp.data.TextDataset;
import dev.auxloss.nlp.text.TextPipeline;
import dev.auxloss.tf.export.TfPredictor;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.tensorflow.ndarray.Shape;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code auxloss predict --run R (--input PATH | --split S [--config F]) --out predictions.jsonl}:
 * runs the run's export — the SavedModel a server loads, not the training graph — and writes one
 * JSON line per example ({@link Predictions}). {@code --split} reads the examples through the run's
 * own data pipeline (or {@code --config}'s), exactly as training and evaluation saw them; {@code
 * --input} reads image files, resized to the export's input, or — for a text model, whose export
 * carries its text pipeline — a text file, one example per line. Class names come from the export's
 * {@code labels.txt}. The output file (and a {@code <out>.masks/} folder for segmentation) must not
 * exist: nothing of the user's is replaced, and nothing half-written is left when a run fails.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Run a run's export on a split or on image files; one JSON line per example.")
final class PredictCommand implements Callable<Integer> {
  static final int BATCH = 64;

  @Spec CommandSpec spec;

  @Option(
      names = "--run",
      required = true,
      paramLabel = "<dir>",
      description = "A run directory with an export.")
  Path run;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = "--input",
        paramLabel = "<path>",
        description =
            "An image file or a folder of them; for a text model, a text file, one example per line.")
    Path input;

    @Option(
        names = "--split",
        paramLabel = "<split>",
        description = "validation or test, read as the run's data.")
    Split split;
  }

  @Option(
      names = "--config",
      paramLabel = "<file>",
      description = "With --split: read another config's data.")
  Path config;

  @Option(
      names = "--out",
      paramLabel = "<file>",
      defaultValue = "predictions.jsonl",
      description = "Where the JSON lines go; must not exist (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (source.split == Split.TRAIN) {
      throw new ParameterException(
          spec.commandLine(), "--split must be validation or test, found train");
    }
    if (config != null && source.input != null) {
      throw new ParameterException(
          spec.commandLine(), "--config goes with --split, not with --input");
    }
    Path export = exportDir();
    Path masks = Path.of(out + ".masks");
    for (Path p : List.of(out, masks)) {
      if (Files.exists(p))
        throw new UsageException(p + " exists; choose another --out (nothing is replaced)");
    }
    Path folder = out.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder))
      throw new UsageException(
          "--out " + out + ": no folder " + folder + " to write into (predict creates none)");
    List<String> classes = classNames(export);
    Path tmp = Files.createTempFile(folder, "." + out.getFileName() + ".", ".tmp");
    try (TfPredictor predictor = TfPredictor.open(export);
        Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      Predictions predictions = new Predictions(w, classes, masks);
      long n =
          source.input != null
              ? fromFiles(predictor, predictions, export)
              : fromSplit(predictor, predictions);
      w.flush();
      Files.move(tmp, out); // no REPLACE_EXISTING: a file that appeared meanwhile is kept
      spec.commandLine().getErr().println(AuxlossCli.MORE + n + " predictions written to " + out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return ExitCodes.OK;
  }

  private Path exportDir() {
    // --input needs only the export (its tokenizer, vocabulary, labels): not the training files
    Path export =
        source.input != null
            ? Outputs.exportDir(RunCommands.exportSection(run), run)
            : Outputs.exportDir(RunCommands.loadForExport(run), run);
    if (export == null || !Files.isRegularFile(export.resolve("saved_model.pb"))) {
      throw new UsageException(
          run
              + " has no export"
              + (export == null ? " (export.skip)" : " at " + export)
              + ": run 'auxloss export --run "
              + run
              + "' first");
    }
    return export;
  }

  /**
   * The names the export's dataset gave its classes ({@code labels.txt}) or tags ({@code
   * tags.txt}).
   */
  private static List<String> classNames(Path export) throws IOException {
    for (String file : List.of("labels.txt", "tags.txt")) {
      Path names = export.resolve("assets.extra").resolve(file);
      if (Files.isRegularFile(names)) {
        return Files.readAllLines(names, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .toList();
      }
    }
    return List.of();
  }

  private long fromFiles(TfPredictor predictor, Predictions predictions, Path export)
      throws IOException {
    try (TextPipeline text = TextInputs.pipeline(export)) {
      if (text != null) return fromText(predictor, predictions, text);
    }
    Map<String, Shape> inputs = predictor.inputs();
    Map.Entry<String, Shape> image =
        inputs.size() == 1 ? inputs.entrySet().iterator().next() : null;
    if (image == null
        || image.getValue().numDimensions() != 4
        || predictor.isIntInput(image.getKey())) {
      throw new UsageException(
          "--input reads image files, but this export reads "
              + inputs
              + ": use --split to read the run's own data");
    }
    List<Path> files;
    try {
      files = ImageInputs.list(source.input);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    try (ProgressBar bar = bar(files.size())) {
      for (int from = 0; from < files.size(); from += BATCH) {
        List<Path> chunk = files.subList(from, Math.min(files.size(), from + BATCH));
        Batch batch = ImageInputs.batch(image.getKey(), image.getValue(), chunk);
        List<Map.Entry<String, Object>> ids = new ArrayList<>();
        for (Path p : chunk) ids.add(new AbstractMap.SimpleEntry<>("path", p.toString()));
        predictions.write(ids, predictor.run(batch), null);
        if (bar != null) bar.stepBy(chunk.size());
      }
    }
    return files.size();
  }

  /** A text file, one example per line, encoded with the export's own text pipeline. */
  private long fromText(TfPredictor predictor, Predictions predictions, TextPipeline pipeline)
      throws IOException {
    List<String> lines;
    try {
      lines = TextInputs.lines(source.input);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    try (ProgressBar bar = bar(lines.size())) {
      for (int from = 0; from < lines.size(); from += BATCH) {
        List<String> chunk = lines.subList(from, Math.min(lines.size(), from + BATCH));
        Batch batch = TextInputs.batch(pipeline, chunk);
        List<Map.Entry<String, Object>> ids = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++)
          ids.add(new AbstractMap.SimpleEntry<>("line", from + i + 1));
        HostTensor mask = batch.fields().get(TextDataset.TOKEN_MASK);
        predictions.write(ids, predictor.run(batch), (HostTensor.Floats) mask);
        if (bar != null) bar.stepBy(chunk.size());
      }
    }
    return lines.size();
  }

  private long fromSplit(TfPredictor predictor, Predictions predictions) throws IOException {
    ResolvedExperiment r =
        config != null
            ? Experiments.resolve(RunCommands.withOwnFiles(Experiments.load(config, null), run))
            : RunCommands.load(run);
    Dataset data = r.plan().dataset();
    long index = 0;
    try (ProgressBar bar = bar(data.size(source.split))) {
      for (Iterator<Batch> it = data.batches(source.split, BATCH, r.plan().seed());
          it.hasNext(); ) {
        Batch batch = it.next();
        long rows = batch.fields().values().iterator().next().shape().get(0);
        List<Map.Entry<String, Object>> ids = new ArrayList<>();
        for (long i = 0; i < rows; i++) ids.add(new AbstractMap.SimpleEntry<>("id", index + i));
        HostTensor mask = batch.fields().get(TextDataset.TOKEN_MASK);
        predictions.write(
            ids, predictor.run(batch), mask instanceof HostTensor.Floats f ? f : null);
        index += rows;
        if (bar != null) bar.stepBy(rows);
      }
    }
    return index;
  }

  /**
   * A progress bar over examples on a terminal; none otherwise (scripts read stderr line by line).
   */
  private static ProgressBar bar(long total) {
    return System.console() == null
        ? null
        : new ProgressBarBuilder()
            .setTaskName("predict")
            .setInitialMax(total)
            .setUnit(" ex", 1)
            .build();
  }
}
