package dev.auxloss.cli.predict;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.nlp.data.TextDataset;
import dev.auxloss.nlp.text.TextPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code predict --input} for a text model: a text file, one example per line (blank lines
 * skipped), encoded with the pipeline the export carries ({@code vocab.txt}, {@code
 * text_pipeline.properties} and a subword tokenizer's own file), so the model sees ids exactly as
 * in training.
 */
public final class TextInputs {
  private TextInputs() {}

  /** The export's text pipeline, or null when the export has none (an image model). */
  public static TextPipeline pipeline(Path export) {
    Path extra = export.resolve("assets.extra");
    if (!Files.isRegularFile(extra.resolve(TextPipeline.PIPELINE_ASSET))) return null;
    Map<String, byte[]> assets =
        new HashMap<>(); // the pipeline picks its files (a tokenizer's too)
    try (Stream<Path> files = Files.list(extra)) {
      for (Path f : files.filter(Files::isRegularFile).toList())
        assets.put(f.getFileName().toString(), Files.readAllBytes(f));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return TextPipeline.fromAssets(assets);
  }

  /** The non-blank lines of {@code input}; a missing file or one without text is bad input. */
  public static List<String> lines(Path input) {
    DataPaths.notAFile(input)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException("--input " + input + ": " + why);
            });
    List<String> lines;
    try (Stream<String> s = Files.lines(input, StandardCharsets.UTF_8)) {
      lines = s.filter(l -> !l.isBlank()).toList();
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException("--input " + input + ": cannot read it as UTF-8 text");
    }
    if (lines.isEmpty()) throw new IllegalArgumentException("--input " + input + ": no text");
    return lines;
  }

  /** {@code texts} encoded as the batch fields a text model reads: tokens and token_mask. */
  public static Batch batch(TextPipeline pipeline, List<String> texts) {
    int n = texts.size();
    int t = pipeline.seqLen();
    int[] ids = new int[n * t];
    float[] mask = new float[n * t];
    for (int i = 0; i < n; i++) {
      TextPipeline.Encoded e = pipeline.encode(texts.get(i));
      System.arraycopy(e.ids(), 0, ids, i * t, t);
      System.arraycopy(e.mask(), 0, mask, i * t, t);
    }
    return new Batch(
        Map.of(
            TextDataset.TOKENS, HostTensor.ints(ids, n, t),
            TextDataset.TOKEN_MASK, HostTensor.floats(mask, n, t)));
  }
}
