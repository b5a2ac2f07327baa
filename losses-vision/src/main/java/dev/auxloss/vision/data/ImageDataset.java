package dev.auxloss.vision.data;

import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.IntSupplier;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Image examples served as batches: {@code image} float32 {@code [H,W,C]} in [0, 1] (C = 1 or 3),
 * {@code label} int32 {@code []} (unless the set has no image classes), {@code label_mask} float32
 * {@code []} and, for segmentation, {@code seg_label} int32 {@code [H,W]}.
 *
 * <p>Training batches are an endless stream, reshuffled every epoch from the seed and the epoch
 * number and always full; validation and test are one ordered pass whose last batch may be smaller.
 * Training examples outside the labelled subset have {@code label_mask} 0 and their labels hidden
 * (0, and an all-background map), so no loss can use them by accident.
 *
 * <p>An example whose file fails to decode when its batch is made (a header that read but pixels
 * that do not) goes to the {@link BadExamples} policy ({@link #withBadExamples}): FAIL stops the
 * run naming the file; SKIP counts it and fills its place from the next example, so training
 * batches stay full and only the last batch of a validation or test pass may be smaller.
 */
public final class ImageDataset implements Dataset {
  public static final String IMAGE = "image";
  public static final String LABEL = "label";
  public static final String MASK = "label_mask";
  public static final String SEG_LABEL = "seg_label";

  /** The model parameter that sizes the class axis of the vision models' {@code logits}. */
  static final String NUM_CLASSES = "num_classes";

  private final Map<Split, Examples> splits;
  private final boolean[] trainLabelled;
  private final ClassCount imageClasses; // null: no image class, no label field
  private final ClassCount mapClasses; // null: no seg_label field
  private final Map<String, byte[]> assets;
  private final BadExamples bad;

  /**
   * @param splits examples of every split (all the same image size)
   * @param trainLabelled which training examples keep their label ({@link LabelSubset})
   * @param segmentation whether batches carry {@code seg_label}
   * @param classes number of image classes (a segmentation map has {@code classes + 1} values)
   */
  public ImageDataset(
      Map<Split, Examples> splits, boolean[] trainLabelled, boolean segmentation, int classes) {
    this(splits, trainLabelled, segmentation, classes, Map.of());
  }

  /** As above, with files kept beside the export ({@code labels.txt}: the class names). */
  public ImageDataset(
      Map<Split, Examples> splits,
      boolean[] trainLabelled,
      boolean segmentation,
      int classes,
      Map<String, byte[]> assets) {
    this(
        splits,
        trainLabelled,
        new ClassCount(LABEL, classes, NUM_CLASSES),
        segmentation ? new ClassCount(SEG_LABEL, classes + 1, NUM_CLASSES) : null,
        assets,
        BadExamples.failing());
  }

  /**
   * A segmentation set whose maps are its only labels ({@code segmentation-folder}): batches carry
   * {@code seg_label} but no {@code label}; {@code maps} says how many classes the maps index and
   * which value marks pixels nothing scores.
   */
  public static ImageDataset segmentationMaps(
      Map<Split, Examples> splits, ClassCount maps, Map<String, byte[]> assets) {
    boolean[] all = new boolean[splits.get(Split.TRAIN).size()];
    Arrays.fill(all, true);
    return new ImageDataset(splits, all, null, maps, assets, BadExamples.failing());
  }

  private ImageDataset(
      Map<Split, Examples> splits,
      boolean[] trainLabelled,
      ClassCount imageClasses,
      ClassCount mapClasses,
      Map<String, byte[]> assets,
      BadExamples bad) {
    this.bad = bad;
    this.imageClasses = imageClasses;
    this.mapClasses = mapClasses;
    this.assets = Map.copyOf(assets);
    this.splits = new EnumMap<>(splits);
    for (Split s : Split.values()) {
      if (!this.splits.containsKey(s))
        throw new IllegalArgumentException("no examples for split " + s);
    }
    if (trainLabelled.length != this.splits.get(Split.TRAIN).size()) {
      throw new IllegalArgumentException(
          "labelled flags for "
              + trainLabelled.length
              + " of "
              + this.splits.get(Split.TRAIN).size()
              + " training examples");
    }
    this.trainLabelled = trainLabelled.clone();
  }

  /**
   * This set handing examples that fail to decode at batch time to {@code bad} (by default they
   * stop the run).
   */
  public ImageDataset withBadExamples(BadExamples bad) {
    return new ImageDataset(splits, trainLabelled, imageClasses, mapClasses, assets, bad);
  }

  @Override
  public List<TensorSpec> specs() {
    Examples e = splits.get(Split.TRAIN);
    List<TensorSpec> specs =
        new ArrayList<>(
            List.of(
                new TensorSpec(
                    IMAGE, TFloat32.class, Shape.of(e.height(), e.width(), e.channels()))));
    if (imageClasses != null) specs.add(new TensorSpec(LABEL, TInt32.class, Shape.scalar()));
    specs.add(new TensorSpec(MASK, TFloat32.class, Shape.scalar()));
    if (mapClasses != null)
      specs.add(new TensorSpec(SEG_LABEL, TInt32.class, Shape.of(e.height(), e.width())));
    return specs;
  }

  @Override
  public Map<String, byte[]> exportAssets() {
    return assets;
  }

  @Override
  public int size(Split split) {
    return splits.get(split).size();
  }

  /** Number of labelled training examples. */
  public int labelledCount() {
    int n = 0;
    for (boolean b : trainLabelled) if (b) n++;
    return n;
  }

  @Override
  public Map<String, Double> modelHints() {
    return Map.of(NUM_CLASSES, (double) (mapClasses != null ? mapClasses : imageClasses).classes());
  }

  /**
   * {@code label}: the image classes; {@code seg_label}: background plus one per class (or, for
   * {@link #segmentationMaps}, the classes its masks index, and their ignore index). Both are sized
   * by a model's {@code num_classes}, which {@link #modelHints()} sets for the segmentation map in
   * a segmentation set (an image classifier on it sets {@code num_classes} to the image classes).
   */
  @Override
  public List<ClassCount> classCounts() {
    List<ClassCount> counts = new ArrayList<>();
    if (imageClasses != null) counts.add(imageClasses);
    if (mapClasses != null) counts.add(mapClasses);
    return List.copyOf(counts);
  }

  @Override
  public Iterator<Batch> batches(Split split, int batchSize, long seed) {
    if (batchSize <= 0)
      throw new IllegalArgumentException("batch size must be > 0, found " + batchSize);
    Examples examples = splits.get(split);
    IntSupplier order;
    if (split == Split.TRAIN) {
      if (examples.size() == 0) throw new IllegalStateException("the training split is empty");
      order =
          new IntSupplier() {
            private int[] order = new int[0];
            private int next;
            private long epoch;

            @Override
            public int getAsInt() {
              if (next == order.length) {
                order =
                    permutation(examples.size(), new Random(seed * 0x9E3779B97F4A7C15L + epoch++));
                next = 0;
              }
              return order[next++];
            }
          };
    } else {
      int[] next = {0};
      order = () -> next[0] < examples.size() ? next[0]++ : -1;
    }
    return new Iterator<>() {
      private Batch next;

      @Override
      public boolean hasNext() {
        if (next == null) next = batch(split, examples, order, batchSize);
        return next != null;
      }

      @Override
      public Batch next() {
        if (!hasNext()) throw new NoSuchElementException();
        Batch b = next;
        next = null;
        return b;
      }
    };
  }

  /**
   * Up to {@code n} examples drawn from {@code order} (-1: no more), a bad one replaced by the
   * next; null when {@code order} has none left.
   */
  private Batch batch(Split split, Examples e, IntSupplier order, int n) {
    boolean train = split == Split.TRAIN;
    int h = e.height(), w = e.width(), c = e.channels(), px = h * w;
    float[] images = new float[n * px * c];
    int[] labels = new int[n];
    float[] mask = new float[n];
    int[] seg = mapClasses != null ? new int[n * px] : null;
    int b = 0;
    int rejectedInARow = 0;
    while (b < n) {
      int i = order.getAsInt();
      if (i < 0) break;
      boolean keep = !train || trainLabelled[i];
      try {
        e.image(i, images, b * px * c);
        if (seg != null && keep) e.segmentation(i, seg, b * px);
      } catch (BadExample bad) {
        this.bad.reject(split, bad);
        // An endless training stream whose every image fails must not spin forever.
        if (++rejectedInARow > e.size()) throw noneDecode(split, bad.error().field());
        continue;
      }
      rejectedInARow = 0;
      mask[b] = keep ? 1 : 0;
      labels[b] = keep ? e.label(i) : 0;
      // a hidden map stays background even where a rejected example wrote part of one
      if (seg != null && !keep) Arrays.fill(seg, b * px, (b + 1) * px, 0);
      b++;
    }
    if (b == 0) return null;
    if (b < n) {
      images = Arrays.copyOf(images, b * px * c);
      labels = Arrays.copyOf(labels, b);
      mask = Arrays.copyOf(mask, b);
      if (seg != null) seg = Arrays.copyOf(seg, b * px);
    }
    Map<String, HostTensor> fields = new LinkedHashMap<>();
    fields.put(IMAGE, HostTensor.floats(images, b, h, w, c));
    if (imageClasses != null) fields.put(LABEL, HostTensor.ints(labels, b));
    fields.put(MASK, HostTensor.floats(mask, b));
    if (seg != null) fields.put(SEG_LABEL, HostTensor.ints(seg, b, h, w));
    return new Batch(fields);
  }

  private static ConfigException noneDecode(Split split, String field) {
    return new ConfigException(
        ConfigError.of(
            field,
            "the "
                + split.name().toLowerCase(Locale.ROOT)
                + " split has no images left: every one fails to decode (on_bad_example: SKIP"
                + " skipped them)"));
  }

  static int[] permutation(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
