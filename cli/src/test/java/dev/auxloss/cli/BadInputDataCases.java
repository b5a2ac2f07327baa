package dev.auxloss.cli;

import static dev.auxloss.cli.BadInputCase.bytes;
import static dev.auxloss.cli.BadInputCase.config;
import static dev.auxloss.cli.BadInputCase.file;
import static dev.auxloss.cli.BadInputCase.train;

import dev.auxloss.cli.BadInputCase.Inputs;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Bad data files, written into the temp dir and named by the datasets' directory parameters: {@code
 * fashion-mnist}'s {@code path} (IDX files) and {@code fortunes}' {@code dir}.
 */
final class BadInputDataCases {
  private BadInputDataCases() {}

  static final String IDX = BadInputCase.DIR + "/fmnist/";
  static final String FASHION =
      """
      name: "badinput"
      model { name: "cnn-ds" }
      data {
        dataset: "fashion-mnist"
        batch_size: 2
        param { name: "path" text: "{dir}/fmnist" }
        param { name: "validation_size" number: 1 }
      }
      loss { key: "vision.cross_entropy" }
      """;
  static final String FORTUNES =
      """
      name: "badinput"
      model {
        name: "text-lm"
        param { name: "dim" number: 16 }
        param { name: "heads" number: 2 }
        param { name: "layers" number: 1 }
        param { name: "vocab_size" number: 64 }
      }
      data {
        dataset: "fortunes"
        batch_size: 4
        param { name: "dir" text: "{dir}/fortunes" }
        param { name: "categories" text: "%s" }
        param { name: "tokenizer" text: "word" }
        param { name: "seq_len" number: 16 }
      }
      loss { key: "nlp.cross_entropy" }
      """;
  static final String QUOTES =
      "A quote about computers.\n%\nAnother quote, longer than the first one.\n%\n"
          + "Third: computers are fast.\n";

  static List<BadInputCase> cases() {
    return List.of(
        config(
            "fashion-mnist: directory missing",
            FASHION.replace("/fmnist\"", "/nowhere\""),
            BadInputCase.DIR + "/nowhere: no such directory",
            "data.param.path"),
        config(
                "fashion-mnist: IDX file missing",
                FASHION,
                "data.param.path",
                IDX + "t10k-labels-idx1-ubyte.gz: no such file")
            .withInputs(
                idxFiles(4, 2)
                    .and(
                        dir ->
                            java.nio.file.Files.delete(
                                dir.resolve("fmnist/t10k-labels-idx1-ubyte.gz")))),
        train(
                "fashion-mnist: truncated .gz (train)",
                FASHION,
                "data.param.path",
                IDX + "train-images-idx3-ubyte.gz",
                "truncated")
            .withInputs(
                idxFiles(4, 2)
                    .and(
                        bytes(
                            "fmnist/train-images-idx3-ubyte.gz",
                            half(gzip(images(4, 28, 28, 0x803)))))),
        config(
                "fashion-mnist: file that is not gzip",
                FASHION,
                "data.param.path",
                IDX + "train-labels-idx1-ubyte.gz: not a gzip file")
            .withInputs(
                idxFiles(4, 2).and(bytes("fmnist/train-labels-idx1-ubyte.gz", labels(4, 0x801)))),
        config(
                "fashion-mnist: wrong magic number",
                FASHION,
                "data.param.path",
                IDX
                    + "train-labels-idx1-ubyte.gz: not an IDX label file: magic number 0x00000803, expected 0x00000801")
            .withInputs(
                idxFiles(4, 2)
                    .and(bytes("fmnist/train-labels-idx1-ubyte.gz", gzip(labels(4, 0x803))))),
        config(
                "fashion-mnist: image and label counts differ",
                FASHION,
                "data.param.path",
                IDX
                    + "train-images-idx3-ubyte.gz holds 4 images but "
                    + IDX
                    + "train-labels-idx1-ubyte.gz holds 3 labels")
            .withInputs(
                idxFiles(4, 2)
                    .and(bytes("fmnist/train-labels-idx1-ubyte.gz", gzip(labels(3, 0x801))))),
        config(
                "fashion-mnist: images that are not 28x28",
                FASHION,
                "data.param.path",
                IDX + "train-images-idx3-ubyte.gz: images are 8×8, expected 28×28")
            .withInputs(
                idxFiles(4, 2)
                    .and(bytes("fmnist/train-images-idx3-ubyte.gz", gzip(images(4, 8, 8, 0x803))))),
        config(
                "fortunes: missing category without vocab_size: one problem, one line",
                FORTUNES
                    .formatted("alpha,gamma")
                    .replace("param { name: \"vocab_size\" number: 64 }", ""),
                "data.param.dir",
                "no fortune category 'gamma'")
            .withInputs(file("fortunes/alpha", QUOTES)),
        config(
                "fortunes: empty category file",
                FORTUNES.formatted("alpha"),
                "data.param.dir",
                "fortune file " + BadInputCase.DIR + "/fortunes/alpha holds no quote")
            .withInputs(file("fortunes/alpha", "%\n\n%\n")),
        train(
                "fortunes: empty corpus (train)",
                FORTUNES.formatted("alpha"),
                "data.param.dir",
                "fortune file " + BadInputCase.DIR + "/fortunes/alpha holds no quote")
            .withInputs(file("fortunes/alpha", "")),
        config(
                "fortunes: category file missing",
                FORTUNES.formatted("alpha,gamma"),
                "data.param.dir",
                "no fortune category 'gamma' (file " + BadInputCase.DIR + "/fortunes/gamma)",
                "categories in ")
            .withInputs(file("fortunes/alpha", QUOTES)),
        config(
                "fortunes: no category named",
                FORTUNES.formatted(" , "),
                "data.param.categories",
                "must name at least one category")
            .withInputs(file("fortunes/alpha", QUOTES)));
  }

  /** A well-formed Fashion-MNIST directory with {@code train} and {@code test} 28×28 images. */
  static Inputs idxFiles(int train, int test) {
    return bytes("fmnist/train-images-idx3-ubyte.gz", gzip(images(train, 28, 28, 0x803)))
        .and(bytes("fmnist/train-labels-idx1-ubyte.gz", gzip(labels(train, 0x801))))
        .and(bytes("fmnist/t10k-images-idx3-ubyte.gz", gzip(images(test, 28, 28, 0x803))))
        .and(bytes("fmnist/t10k-labels-idx1-ubyte.gz", gzip(labels(test, 0x801))));
  }

  static byte[] images(int count, int rows, int cols, int magic) {
    byte[] pixels = new byte[count * rows * cols];
    new java.util.Random(count)
        .nextBytes(pixels); // noise: the gzip stays about as long as the data
    return idx(magic, new int[] {count, rows, cols}, pixels);
  }

  static byte[] labels(int count, int magic) {
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) labels[i] = (byte) (i % 10);
    return idx(magic, new int[] {count}, labels);
  }

  private static byte[] idx(int magic, int[] dims, byte[] body) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(magic);
      for (int d : dims) out.writeInt(d);
      out.write(body);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first half of {@code b}: a gzip stream cut short. */
  static byte[] half(byte[] b) {
    return Arrays.copyOf(b, b.length / 2);
  }

  static byte[] gzip(byte[] raw) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
        z.write(raw);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
