package dev.auxloss.vision.data;

import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
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
  public static final Param<Integer> TRAIN_SIZE =
      Param.integer("train_size", 10000, "training examples").above(0);
  public static final Param<Integer> VALIDATION_SIZE =
      Param.integer("validation_size", 1000, "validation examples").atLeast(0);
  public static final Param<Integer> TEST_SIZE =
      Param.integer("test_size", 2000, "test examples").atLeast(0);
  public static final Param<Double> NOISE =
      Param.number("noise", 0.1, "standard deviation of the Gaussian pixel noise")
          .check(x -> x >= 0 && x <= 1, "must be in [0, 1]");
  public static final Param<Integer> SEED = Param.integer("seed", 0, "seed of the drawn images");

  private static final List<Param<?>> PARAMS =
      List.of(
          TRAIN_SIZE,
          VALIDATION_SIZE,
          TEST_SIZE,
          NOISE,
          SEED,
          DataParams.LABEL_FRACTION,
          DataParams.LABEL_SEED);
  private static final SyntheticDatasetFactory CLASSIFICATION =
      new SyntheticDatasetFactory(
          Descriptor.builder("synthetic-images")
              .summary(
                  "synthetic 28x28 patterns, 10 classes (stripes, disc, ring, square, plus, checkerboard, cross)")
              .params(PARAMS)
              .build());
  private static final SyntheticDatasetFactory SEGMENTATION =
      new SyntheticDatasetFactory(
          Descriptor.builder("synthetic-seg")
              .summary(
                  "synthetic 28x28 patterns with per-pixel labels (class+1 on the pattern, 0 background)")
              .params(PARAMS)
              .build());

  private final Descriptor descriptor;

  private SyntheticDatasetFactory(Descriptor descriptor) {
    this.descriptor = descriptor;
  }

  /** {@code synthetic-images}: classification. */
  public static SyntheticDatasetFactory classification() {
    return CLASSIFICATION;
  }

  /** {@code synthetic-seg}: pattern pixels labelled with class + 1. */
  public static SyntheticDatasetFactory segmentation() {
    return SEGMENTATION;
  }

  @Override
  public Descriptor descriptor() {
    return descriptor;
  }

  @Override
  public Dataset create(Params p) {
    int seed = p.get(SEED);
    double noise = p.get(NOISE);
    Examples trainSplit = new SyntheticExamples(p.get(TRAIN_SIZE), seed, 0, noise);
    Map<Split, Examples> splits =
        Map.of(
            Split.TRAIN, trainSplit,
            Split.VALIDATION, new SyntheticExamples(p.get(VALIDATION_SIZE), seed, 1, noise),
            Split.TEST, new SyntheticExamples(p.get(TEST_SIZE), seed, 2, noise));
    boolean[] labelled =
        LabelSubset.choose(
            trainSplit,
            SyntheticImages.CLASSES,
            p.get(DataParams.LABEL_FRACTION),
            p.get(DataParams.LABEL_SEED));
    return new ImageDataset(splits, labelled, this == SEGMENTATION, SyntheticImages.CLASSES);
  }
}
