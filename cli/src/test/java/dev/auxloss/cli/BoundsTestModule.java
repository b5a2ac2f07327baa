package dev.auxloss.cli;

import com.google.inject.AbstractModule;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.ClassCount;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.guice.AuxDatasets;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.vision.data.Examples;
import dev.auxloss.vision.data.ImageDataset;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Datasets that go wrong the way real data and real machines do, named in configs via
 * plugin_module: {@code clitest-images} (8 training images of 28×28, labels {@code i % 10}) with
 * {@code bad_label} set on training example {@code bad_label_at}, or an {@code OutOfMemoryError}
 * thrown where {@code oom_in} says: {@code main} (asked for the training stream, on the command's
 * thread) or {@code input} (drawing a batch, on the input thread).
 */
public final class BoundsTestModule extends AbstractModule {
  static final int TRAIN = 8;

  @Override
  protected void configure() {
    AuxDatasets.contribute(binder(), new Factory());
  }

  static final class Factory implements DatasetFactory {
    static final Param<Integer> BAD_LABEL_AT =
        Param.integer("bad_label_at", -1, "training example whose label is bad_label");
    static final Param<Integer> BAD_LABEL = Param.integer("bad_label", 11, "the label it gets");
    static final Param<String> OOM_IN =
        Param.choice(
            "oom_in", "", List.of("", "main", "input"), "where an OutOfMemoryError is thrown");

    @Override
    public Descriptor descriptor() {
      return Descriptor.builder("clitest-images")
          .summary("8 training images whose data or memory goes wrong " + "on request")
          .params(BAD_LABEL_AT, BAD_LABEL, OOM_IN)
          .build();
    }

    @Override
    public Dataset create(Params p) {
      int at = p.get(BAD_LABEL_AT);
      int bad = p.get(BAD_LABEL);
      String oom = p.get(OOM_IN);
      boolean[] labelled = new boolean[TRAIN];
      Arrays.fill(labelled, true);
      ImageDataset images =
          new ImageDataset(
              Map.of(
                  Split.TRAIN,
                  new Tiny(TRAIN, at, bad),
                  Split.VALIDATION,
                  new Tiny(4, -1, 0),
                  Split.TEST,
                  new Tiny(4, -1, 0)),
              labelled,
              false,
              10);
      return oom.isEmpty() ? images : new OutOfMemoryData(images, oom);
    }
  }

  /** {@code n} flat grey images, label {@code i % 10} except {@code bad} at {@code at}. */
  record Tiny(int size, int at, int bad) implements Examples {
    @Override
    public int height() {
      return 28;
    }

    @Override
    public int width() {
      return 28;
    }

    @Override
    public void image(int i, float[] dst, int offset) {
      Arrays.fill(dst, offset, offset + 28 * 28, (float) i / size);
    }

    @Override
    public int label(int i) {
      return i == at ? bad : i % 10;
    }

    @Override
    public void segmentation(int i, int[] dst, int offset) {}
  }

  /** The same data, but the JVM runs out of memory for the training stream. */
  record OutOfMemoryData(Dataset inner, String where) implements Dataset {
    @Override
    public List<TensorSpec> specs() {
      return inner.specs();
    }

    @Override
    public int size(Split split) {
      return inner.size(split);
    }

    @Override
    public Map<String, Double> modelHints() {
      return inner.modelHints();
    }

    @Override
    public List<ClassCount> classCounts() {
      return inner.classCounts();
    }

    @Override
    public Iterator<Batch> batches(Split split, int batchSize, long seed) {
      if (split != Split.TRAIN) return inner.batches(split, batchSize, seed);
      if (where.equals("main")) throw new OutOfMemoryError("Java heap space");
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Batch next() {
          throw new OutOfMemoryError(
              "Physical memory usage is too high: physicalBytes (9G) > maxPhysicalBytes (8G)");
        }
      };
    }
  }
}
