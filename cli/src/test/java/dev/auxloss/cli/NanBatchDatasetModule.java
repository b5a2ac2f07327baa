package dev.auxloss.cli;

import com.google.inject.AbstractModule;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.HostTensor;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.guice.AuxDatasets;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Params;
import dev.auxloss.vision.data.SyntheticDatasetFactory;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plugin dataset whose training stream holds one bad batch, as a glitch in real data would:
 * {@code synthetic-images}, with one NaN pixel in the {@value #BAD_STEP}rd training batch.
 */
public final class NanBatchDatasetModule extends AbstractModule {
  static final int BAD_STEP = 3;

  @Override
  protected void configure() {
    AuxDatasets.contribute(binder(), new Factory());
  }

  private static final class Factory implements DatasetFactory {
    private final DatasetFactory images = SyntheticDatasetFactory.classification();

    @Override
    public Descriptor descriptor() {
      return Descriptor.builder("clitest-nan-batch")
          .summary("synthetic-images with a NaN pixel in training batch " + BAD_STEP)
          .params(images.descriptor().params())
          .build();
    }

    @Override
    public Dataset create(Params params) {
      Dataset d = images.create(params);
      return new Dataset() {
        @Override
        public List<TensorSpec> specs() {
          return d.specs();
        }

        @Override
        public int size(Split split) {
          return d.size(split);
        }

        @Override
        public Map<String, Double> modelHints() {
          return d.modelHints();
        }

        @Override
        public Iterator<Batch> batches(Split split, int batchSize, long seed) {
          Iterator<Batch> it = d.batches(split, batchSize, seed);
          if (split != Split.TRAIN) return it;
          return new Iterator<>() {
            int drawn;

            @Override
            public boolean hasNext() {
              return it.hasNext();
            }

            @Override
            public Batch next() {
              Batch b = it.next();
              return ++drawn == BAD_STEP ? poisoned(b) : b;
            }
          };
        }
      };
    }

    private static Batch poisoned(Batch b) {
      HostTensor.Floats image = (HostTensor.Floats) b.get("image");
      float[] v = image.values().clone();
      v[0] = Float.NaN;
      Map<String, HostTensor> fields = new LinkedHashMap<>(b.fields());
      fields.put("image", new HostTensor.Floats(image.shape(), v));
      return new Batch(fields);
    }
  }
}
