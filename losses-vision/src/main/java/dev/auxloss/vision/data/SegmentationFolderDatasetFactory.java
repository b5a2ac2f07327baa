package dev.auxloss.vision.data;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code segmentation-folder}: your own images with per-pixel masks, in the layout mmsegmentation's
 * image/annotation folders and nnU-Net's imagesTr/labelsTr use — {@code path/images/*.png|jpg} and
 * {@code path/masks/<same name>.png}, split by a seeded {@code validation_split}, or the same under
 * {@code path/train/}, {@code path/val/} and optionally {@code path/test/} ({@link
 * SegmentationFolder}, splits as {@code image-folder}'s).
 *
 * <p>Masks hold class ids: 8-bit grey or palette PNGs whose value is the class, or, with {@code
 * palette}, RGB colours mapped to classes ({@link MaskFiles}). Pixels equal to {@code ignore_index}
 * (mmsegmentation's 255) are not scored: the losses and the metrics skip every {@code seg_label}
 * outside {@code [0, classes)}, and the dataset declares the ignore index with its class count
 * ({@link ClassCount}) so nothing else has to repeat it. Images are resized bilinearly to {@code
 * height}×{@code width} (default: the first training image's size), masks by nearest neighbour.
 * Batches carry {@code image}, {@code label_mask} and {@code seg_label} int32 [H, W]; the model's
 * {@code num_classes} follows {@code classes}.
 *
 * <p>Before training every image's header and every mask is read: an image without a mask (or a
 * mask without an image), a file that is no PNG/JPEG, a mask of another size than its image, a
 * value that is neither a class nor the ignore index and a colour the palette lacks are {@link
 * BadExample}s naming the file (and the pixel), which {@code on_bad_example} fails on (exit 2) or
 * skips; a split left without any pair is exit 2 either way.
 *
 * <pre>{@code
 * data { dataset: "segmentation-folder" param { name: "path" text: "data/cells" }
 *        param { name: "classes" number: 3 } param { name: "validation_split" number: 0.2 } }
 * }</pre>
 */
public final class SegmentationFolderDatasetFactory implements DatasetFactory {
  public static final Param<String> PATH =
      Param.text(
              "path",
              "",
              "root folder: images/ and masks/ (same file names), or train/ val/ [test/] holding them")
          .required("data/my-masks");
  public static final Param<Integer> CLASSES =
      Param.integer("classes", 2, "number of classes the masks index, background included")
          .atLeast(2)
          .required("3");
  public static final Param<Integer> IGNORE_INDEX =
      Param.integer(
              "ignore_index",
              255,
              "mask value of pixels nothing scores (mmsegmentation's 255); must be >= classes")
          .atLeast(0);
  public static final Param<String> PALETTE =
      Param.text(
          "palette",
          "",
          "RGB masks: colour=class entries, e.g. '0,0,0=0; 128,0,0=1'; empty = masks hold class ids");

  private static final Descriptor DESCRIPTOR =
      Descriptor.builder("segmentation-folder")
          .summary(
              "your images and masks: <path>/images/*.png|jpg + <path>/masks/<same name>.png"
                  + " (validation_split) or <path>/{train,val,test}/{images,masks}/...")
          .params(
              PATH,
              CLASSES,
              IGNORE_INDEX,
              PALETTE,
              ImageFolderDatasetFactory.HEIGHT,
              ImageFolderDatasetFactory.WIDTH,
              ImageFolderDatasetFactory.COLOR,
              ImageFolderDatasetFactory.VALIDATION_SPLIT,
              ImageFolderDatasetFactory.SPLIT_SEED)
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
    int classes = p.get(CLASSES);
    int ignore = p.get(IGNORE_INDEX);
    if (ignore < classes) {
      throw new ConfigException(
          ConfigError.of(
              IGNORE_INDEX.name(),
              "must be >= classes ("
                  + classes
                  + "), found "
                  + ignore
                  + ": a pixel value cannot be a class and not scored"));
    }
    MaskFiles.Coding coding = new MaskFiles.Coding(classes, ignore, palette(p.get(PALETTE)));
    if (coding.palette() != null) {
      for (int id : coding.palette().classByRgb().values()) {
        if (!coding.valid(id))
          throw new ConfigException(
              ConfigError.of(PALETTE.name(), "maps a colour to " + id + ", but " + coding.rule()));
      }
    }
    Map<Split, List<SegmentationFolder.Pair>> files =
        SegmentationFolder.scan(
            Path.of(p.get(PATH)),
            p.get(ImageFolderDatasetFactory.VALIDATION_SPLIT),
            p.get(ImageFolderDatasetFactory.SPLIT_SEED));
    Map<Split, List<SegmentationFolder.Pair>> good = verify(files, coding, bad);
    FolderSplits.noneEmptied(files, good, SegmentationFolder.FIELD, p.get(PATH));
    int[] first = ImageFiles.size(good.get(Split.TRAIN).get(0).image(), SegmentationFolder.FIELD);
    int height = p.get(ImageFolderDatasetFactory.HEIGHT);
    int width = p.get(ImageFolderDatasetFactory.WIDTH);
    if (height == 0) height = first[1];
    if (width == 0) width = first[0];
    int channels = p.get(ImageFolderDatasetFactory.COLOR).equals("rgb") ? 3 : 1;
    Map<Split, Examples> splits = new EnumMap<>(Split.class);
    for (Split s : Split.values())
      splits.put(s, new SegmentationExamples(good.get(s), coding, height, width, channels));
    ClassCount maps =
        new ClassCount(
            ImageDataset.SEG_LABEL, classes, ImageDataset.NUM_CLASSES, OptionalInt.of(ignore));
    return ImageDataset.segmentationMaps(splits, maps, Map.of()).withBadExamples(bad);
  }

  /**
   * The pairs whose image header and mask read now, so bad data stops the run (or is left out)
   * before training: first every split's unpaired files, then each pair's files, the order in which
   * the folders are found wanting.
   */
  private static Map<Split, List<SegmentationFolder.Pair>> verify(
      Map<Split, List<SegmentationFolder.Pair>> files, MaskFiles.Coding coding, BadExamples bad) {
    Map<Split, List<SegmentationFolder.Pair>> paired =
        FolderSplits.kept(files, bad, SegmentationFolder::paired);
    return FolderSplits.kept(paired, bad, f -> readable(f, coding));
  }

  /** Checks {@code f}'s image header and its whole mask; a {@link BadExample} naming the file. */
  private static void readable(SegmentationFolder.Pair f, MaskFiles.Coding coding) {
    int[] size = ImageFiles.size(f.image(), SegmentationFolder.FIELD);
    MaskFiles.Mask mask = MaskFiles.read(f.mask(), coding, SegmentationFolder.FIELD);
    if (mask.width() != size[0] || mask.height() != size[1]) {
      throw new BadExample(
          BadExample.MASK_MISMATCH,
          SegmentationFolder.FIELD,
          f.mask()
              + ": the mask is "
              + mask.width()
              + "×"
              + mask.height()
              + " but its image "
              + f.image().getFileName()
              + " is "
              + size[0]
              + "×"
              + size[1]
              + "; a mask labels its image's pixels, one to one");
    }
  }

  private static MaskFiles.Palette palette(String text) {
    if (text.isBlank()) return null;
    try {
      return MaskFiles.Palette.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          ConfigError.of(PALETTE.name(), e.getMessage() + " (" + MaskFiles.Palette.SYNTAX + ")"));
    }
  }
}
