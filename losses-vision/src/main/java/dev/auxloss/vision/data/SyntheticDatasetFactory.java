package dev.auxloss.vision.data;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.params.Params;
import java.util.List;
import java.util.Map;

/**
 * {@code synthetic-images} and {@code synthetic-seg}: the built-in {@link SyntheticImages} patterns
 * with the same fields as Fashion-MNIST ({@code image}, {@code label}, {@code label_mask}, and for
 * segmentation {@code seg_label}: class + 1 where the pattern is drawn, 0 elsewhere). Nothing is
 * read from disk; images are drawn on demand, the same ones for the same {@code seed}.
 */
public final class SyntheticDatasetFactory implements DatasetFactory {
  public static final int DEFAULT_TRAIN_SIZE = 10000;
  public static final int DEFAULT_VALIDATION_SIZE = 1000;
  public static final int DEFAULT_TEST_SIZE = 2000;
  public static final double DEFAULT_NOISE = 0.1;
  public static final int DEFAULT_SEED = 0;

  private final boolean segmentation;

  private SyntheticDatasetFactory(boolean segmentation) {
    this.segmentation = segmentation;
  }

  public static SyntheticDatasetFactory classification() {
    return new SyntheticDatasetFactory(false);
  }

  public static SyntheticDatasetFactory segmentation() {
    return new SyntheticDatasetFactory(true);
  }

  @Override
  public String summary() {
    return segmentation
        ? "synthetic 28x28 patterns with per-pixel labels (class+1 on the pattern, 0 background)"
        : "synthetic 28x28 patterns, 10 classes (stripes, disc, ring, square, plus, checkerboard, cross)";
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(
        ParamSpec.integer("train_size", DEFAULT_TRAIN_SIZE, "training examples"),
        ParamSpec.integer("validation_size", DEFAULT_VALIDATION_SIZE, "validation examples"),
        ParamSpec.integer("test_size", DEFAULT_TEST_SIZE, "test examples"),
        ParamSpec.number("noise", DEFAULT_NOISE, "standard deviation of the Gaussian pixel noise"),
        ParamSpec.integer("seed", DEFAULT_SEED, "seed of the drawn images"),
        DataParams.LABEL_FRACTION,
        DataParams.LABEL_SEED);
  }

  @Override
  public Dataset create(Params p) {
    int train = p.integer("train_size", DEFAULT_TRAIN_SIZE, x -> x > 0, "must be > 0");
    int validation = p.integer("validation_size", DEFAULT_VALIDATION_SIZE, x -> x >= 0, "must be >= 0");
    int test = p.integer("test_size", DEFAULT_TEST_SIZE, x -> x >= 0, "must be >= 0");
    double noise = p.number("noise", DEFAULT_NOISE, x -> x >= 0 && x <= 1, "must be in [0, 1]");
    int seed = p.integer("seed", DEFAULT_SEED);
    double fraction = DataParams.labelFraction(p);
    int labelSeed = DataParams.labelSeed(p);
    p.check(params());
    Examples trainSplit = new SyntheticExamples(train, seed, 0, noise);
    Map<Split, Examples> splits = Map.of(
        Split.TRAIN, trainSplit,
        Split.VALIDATION, new SyntheticExamples(validation, seed, 1, noise),
        Split.TEST, new SyntheticExamples(test, seed, 2, noise));
    return new ImageDataset(splits, LabelSubset.choose(trainSplit, SyntheticImages.CLASSES, fraction, labelSeed),
        segmentation, SyntheticImages.CLASSES);
  }
}
