package dev.auxloss.cli.predict;

import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.vision.data.ImageFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.ndarray.Shape;

/**
 * {@code predict --input}: a PNG/JPEG file or a folder of them (recursively, sorted), decoded and
 * resized as the export's image input expects ([B, H, W, C] from its signature). Every file's
 * header is read before anything runs, so an unreadable one is bad input naming it.
 */
public final class ImageInputs {
  private ImageInputs() {}

  /**
   * The image files {@code input} names; a missing path or a folder without images is bad input.
   */
  public static List<Path> list(Path input) {
    if (Files.isRegularFile(input)) {
      ImageFiles.size(input, "--input");
      return List.of(input);
    }
    DataPaths.notADirectory(input)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException("--input " + input + ": " + why);
            });
    List<Path> files;
    try (Stream<Path> s = Files.walk(input)) {
      files = s.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (files.isEmpty())
      throw new IllegalArgumentException("--input " + input + ": no .png, .jpg or .jpeg files");
    files.forEach(f -> ImageFiles.size(f, "--input"));
    return files;
  }

  /** {@code files} as one batch of the input {@code name} with per-example shape [H, W, C]. */
  public static Batch batch(String name, Shape shape, List<Path> files) {
    int h = (int) shape.get(1);
    int w = (int) shape.get(2);
    int c = (int) shape.get(3);
    float[] pixels = new float[files.size() * h * w * c];
    for (int i = 0; i < files.size(); i++)
      ImageFiles.read(files.get(i), "--input", h, w, c, pixels, i * h * w * c);
    return new Batch(Map.of(name, HostTensor.floats(pixels, files.size(), h, w, c)));
  }
}
