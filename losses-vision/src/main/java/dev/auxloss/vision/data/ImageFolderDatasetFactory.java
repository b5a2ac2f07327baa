package dev.auxloss.vision.data;

import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code image-folder}: your own images in the Keras {@code image_dataset_from_directory} /
 * torchvision {@code ImageFolder} layout — {@code path/<class>/*.png|jpg|jpeg} with a seeded {@code
 * validation_split}, or {@code path/train/<class>/...}, {@code path/val/<class>/...} and optionally
 * {@code path/test/<class>/...} ({@link ImageFolder}). Labels are the class folders in sorted
 * order; their names go with the export as {@code assets/labels.txt}, one per line, label 0 first.
 * Every image is resized (bilinear) to {@code height}×{@code width} — by default the first training
 * image's size — and served as {@code image} float32 [H, W, C] in [0, 1], C = 3 ({@code color:
 * rgb}, Keras' default) or 1 ({@code grayscale}), decoded from its file on each read. {@code
 * label_fraction} keeps labels on a class-stratified, seeded subset of the training images.
 *
 * <pre>{@code
 * data { dataset: "image-folder" param { name: "path" text: "examples/own-images/data" }
 *        param { name: "validation_split" number: 0.2 } }
 * }</pre>
 */
public final class ImageFolderDatasetFactory implements DatasetFactory {
  public static final Param<String> PATH =
      Param.text("path", "", "root folder: <class>/ folders, or train/ val/ [test/] holding them")
          .required("data/my-images");
  public static final Param<Integer> HEIGHT =
      Param.integer("height", 0, "image height after resizing; 0 = the first training image's")
          .atLeast(0);
  public static final Param<Integer> WIDTH =
      Param.integer("width", 0, "image width after resizing; 0 = the first training image's")
          .atLeast(0);
  public static final Param<String> COLOR =
      Param.choice("color", "rgb", List.of("rgb", "grayscale"), "3 channels (Keras' default) or 1");
  public static final Param<Double> VALIDATION_SPLIT =
      Param.number(
              "validation_split",
              0,
              "share of the images held out for validation when there is no val/ folder")
          .fraction();
  public static final Param<Integer> SPLIT_SEED =
      Param.integer("split_seed", 1, "seed of the validation_split shuffle");

  private static final Descriptor DESCRIPTOR =
      Descriptor.builder("image-folder")
          .summary(
              "your images: <path>/<class>/*.png|jpg (validation_split) or <path>/{train,val,test}/<class>/...")
          .params(
              PATH,
              HEIGHT,
              WIDTH,
              COLOR,
              VALIDATION_SPLIT,
              SPLIT_SEED,
              DataParams.LABEL_FRACTION,
              DataParams.LABEL_SEED)
          .build();

  @Override
  public Descriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Dataset create(Params p) {
    return create(p, BadExamples.failing());
  }

  @Override
  public Dataset create(Params p, BadExamples bad) {
    ImageFolder folder =
        ImageFolder.scan(Path.of(p.get(PATH)), p.get(VALIDATION_SPLIT), p.get(SPLIT_SEED));
    int height = p.get(HEIGHT);
    int width = p.get(WIDTH);
    // Every file's header is read now: a file that is no image stops the run before training
    // (or, skipped, is left out). One whose pixels fail later goes to the policy when its batch is
    // made (ImageDataset).
    Map<Split, List<ImageFolder.Labelled>> readable =
        FolderSplits.kept(folder.files(), bad, f -> ImageFiles.size(f.path(), ImageFolder.FIELD));
    FolderSplits.noneEmptied(folder.files(), readable, ImageFolder.FIELD, p.get(PATH));
    int[] first = ImageFiles.size(readable.get(Split.TRAIN).get(0).path(), ImageFolder.FIELD);
    if (height == 0) height = first[1];
    if (width == 0) width = first[0];
    int channels = p.get(COLOR).equals("rgb") ? 3 : 1;
    Map<Split, Examples> splits = new EnumMap<>(Split.class);
    for (Split s : Split.values())
      splits.put(s, new FolderExamples(readable.get(s), height, width, channels));
    int classes = folder.classes().size();
    boolean[] labelled =
        LabelSubset.choose(
            splits.get(Split.TRAIN),
            classes,
            p.get(DataParams.LABEL_FRACTION),
            p.get(DataParams.LABEL_SEED));
    byte[] labels = (String.join("\n", folder.classes()) + "\n").getBytes(StandardCharsets.UTF_8);
    return new ImageDataset(splits, labelled, false, classes, Map.of("labels.txt", labels))
        .withBadExamples(bad);
  }
}
