package dev.auxloss.vision.data;

import dev.auxloss.api.data.DataPaths;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code fashion-mnist} and {@code fashion-mnist-seg}: Zalando's Fashion-MNIST (Xiao, Rasul &amp;
 * Vollgraf 2017), 70 000 grey 28×28 images of 10 clothing classes, read from the Debian package
 * {@code dataset-fashion-mnist} ({@code /usr/share/datasets/fashion-mnist}).
 *
 * <p>Splits: TEST is the official t10k set; VALIDATION is the last {@code validation_size} images
 * of the official training file (deterministic, the file's order is already shuffled); TRAIN is the
 * rest. {@code label_fraction} keeps labels on a class-stratified, seeded subset of TRAIN.
 *
 * <p>The segmentation variant labels every pixel brighter than {@code threshold} (intensity in [0,
 * 1]) with the item's class + 1 and the rest 0: 11 classes, real shapes, no extra annotation. A
 * missing directory, a missing or malformed file, or images that are not 28×28 with labels 0..9 are
 * {@link ConfigException}s naming the file.
 */
public final class FashionMnistDatasetFactory implements DatasetFactory {
  public static final int CLASSES = 10;
  public static final int SIDE = 28;

  public static final Param<String> PATH =
      Param.text(
              "path",
              "/usr/share/datasets/fashion-mnist",
              "directory with {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz")
          .nonBlank();
  public static final Param<Integer> VALIDATION_SIZE =
      Param.integer("validation_size", 5000, "last images of the training file kept for validation")
          .check(n -> n >= 0 && n < 60000, "must be in [0, 60000)");

  /** Segmentation only. */
  public static final Param<Double> THRESHOLD =
      Param.number("threshold", 0.1, "pixel intensity above which a pixel is foreground")
          .fraction();

  private static final FashionMnistDatasetFactory CLASSIFICATION =
      new FashionMnistDatasetFactory(
          Descriptor.builder("fashion-mnist")
              .summary(
                  "Fashion-MNIST: 60k train (minus validation) / 10k test grey 28x28 images, 10 classes")
              .params(PATH, VALIDATION_SIZE, DataParams.LABEL_FRACTION, DataParams.LABEL_SEED)
              .build());
  private static final FashionMnistDatasetFactory SEGMENTATION =
      new FashionMnistDatasetFactory(
          Descriptor.builder("fashion-mnist-seg")
              .summary(
                  "Fashion-MNIST segmentation: pixels above a threshold labelled class+1, background 0 (11 classes)")
              .params(
                  PATH,
                  VALIDATION_SIZE,
                  DataParams.LABEL_FRACTION,
                  DataParams.LABEL_SEED,
                  THRESHOLD)
              .build());

  private final Descriptor descriptor;

  private FashionMnistDatasetFactory(Descriptor descriptor) {
    this.descriptor = descriptor;
  }

  /** {@code fashion-mnist}: classification. */
  public static FashionMnistDatasetFactory classification() {
    return CLASSIFICATION;
  }

  /** {@code fashion-mnist-seg}: foreground pixels labelled with class + 1. */
  public static FashionMnistDatasetFactory segmentation() {
    return SEGMENTATION;
  }

  @Override
  public Descriptor descriptor() {
    return descriptor;
  }

  @Override
  public Dataset create(Params p) {
    boolean segmentation = this == SEGMENTATION;
    Path dir = Path.of(p.get(PATH));
    int validation = p.get(VALIDATION_SIZE);
    // classification never looks at the threshold
    double threshold = segmentation ? p.get(THRESHOLD) : THRESHOLD.defaultValue();
    var notDir = DataPaths.notADirectory(dir);
    if (notDir.isPresent()) {
      throw new ConfigException(
          ConfigError.of(
              IdxReader.FIELD,
              dir
                  + ": "
                  + notDir.get()
                  + "; install the Debian package dataset-fashion-mnist or set 'path'"));
    }
    IdxReader.Images train = read(dir, "train");
    IdxReader.Images test = read(dir, "t10k");
    if (validation >= train.count()) {
      throw new ConfigException(
          ConfigError.of(
              VALIDATION_SIZE.name(),
              "must be smaller than the "
                  + train.count()
                  + " training images, found "
                  + validation));
    }
    int trainCount = train.count() - validation;
    Examples trainSplit = new IdxExamples(train, 0, trainCount, threshold);
    Map<Split, Examples> splits =
        Map.of(
            Split.TRAIN, trainSplit,
            Split.VALIDATION, new IdxExamples(train, trainCount, validation, threshold),
            Split.TEST, new IdxExamples(test, 0, test.count(), threshold));
    boolean[] labelled =
        LabelSubset.choose(
            trainSplit, CLASSES, p.get(DataParams.LABEL_FRACTION), p.get(DataParams.LABEL_SEED));
    return new ImageDataset(splits, labelled, segmentation, CLASSES);
  }

  /** Reads one {images, labels} pair and checks Fashion-MNIST's shape and label range. */
  static IdxReader.Images read(Path dir, String prefix) {
    Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
    Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
    IdxReader.Images set = IdxReader.readPair(images, labels);
    if (set.rows() != SIDE || set.cols() != SIDE) {
      throw IdxReader.error(
          images + ": images are " + set.rows() + "×" + set.cols() + ", expected 28×28");
    }
    for (int i = 0; i < set.count(); i++) {
      if (set.label(i) >= CLASSES) {
        throw IdxReader.error(
            labels + ": label " + set.label(i) + " of item " + i + " is outside 0..9");
      }
    }
    return set;
  }
}
