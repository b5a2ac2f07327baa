package dev.auxloss.config;

import com.google.inject.AbstractModule;
import dev.auxloss.api.data.BadExample;
import dev.auxloss.api.data.BadExamples;
import dev.auxloss.api.data.Batch;
import dev.auxloss.api.data.Dataset;
import dev.auxloss.api.data.DatasetFactory;
import dev.auxloss.api.data.Split;
import dev.auxloss.api.guice.AuxDatasets;
import dev.auxloss.api.guice.AuxLosses;
import dev.auxloss.api.guice.AuxModels;
import dev.auxloss.api.guice.AuxWeightings;
import dev.auxloss.api.loss.AuxLoss;
import dev.auxloss.api.loss.LossDescriptor;
import dev.auxloss.api.loss.LossFactory;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.ConfigError;
import dev.auxloss.api.params.ConfigException;
import dev.auxloss.api.params.Descriptor;
import dev.auxloss.api.params.Param;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Tiny inline factories standing in for the domain modules: they check params and build nothing.
 */
public final class TestPlugins extends AbstractModule {
  static final AuxLoss NO_OPS =
      ctx -> {
        throw new UnsupportedOperationException("never built here");
      };

  @Override
  protected void configure() {
    AuxLosses.contribute(binder(), loss("test.cross_entropy", Role.PRIMARY, 1.0));
    AuxLosses.contribute(binder(), loss("test.aux_classifier", Role.AUXILIARY, 0.3));
    AuxModels.contribute(binder(), new Net());
    AuxDatasets.contribute(binder(), new Data());
    AuxDatasets.contribute(binder(), new OwnsLabelFraction());
    AuxWeightings.contribute(
        binder(), WeightingFactory.of(Descriptor.builder("static").build(), p -> ctx -> null));
  }

  static Registry registry() {
    return Registry.from(com.google.inject.Guice.createInjector(new TestPlugins()));
  }

  static final Param<Double> SMOOTHING = Param.number("smoothing", 0, "label smoothing").fraction();

  /** A loss reading one number param, {@code smoothing} in [0, 1). */
  static LossFactory loss(String key, Role role, double weight) {
    return LossFactory.of(
        LossDescriptor.builder(key)
            .role(role)
            .weight(weight)
            .summary("a test loss")
            .paper("nobody 2024")
            .params(SMOOTHING)
            .build(),
        p -> NO_OPS);
  }

  static final class Net implements ModelFactory {
    static final Param<Integer> NUM_CLASSES = Param.integer("num_classes", 10, "classes").above(1);
    static final Param<Integer> WIDTH = Param.integer("width", 8, "units").above(0);

    @Override
    public Descriptor descriptor() {
      return Descriptor.builder("test-net")
          .summary("a test network")
          .params(NUM_CLASSES, WIDTH)
          .build();
    }

    @Override
    public ModelFn create(Params params) {
      return ctx -> {};
    }
  }

  /**
   * Hints {@code num_classes} 7 and {@code vocab_size} 50 (which the test model does not declare).
   */
  static final class Data implements DatasetFactory {
    static final Param<String> PATH = Param.text("path", "", "where the files are");

    @Override
    public Descriptor descriptor() {
      return Descriptor.builder("test-data").summary("a test dataset").params(PATH).build();
    }

    /** "/one-bad": one bad example, which the policy fails on or skips. */
    @Override
    public Dataset create(Params params, BadExamples bad) {
      if (params.get(PATH).equals("/one-bad")) {
        bad.reject(
            Split.TRAIN, new BadExample(BadExample.NOT_JSON, "path", "/one-bad:3: not JSON"));
      }
      return create(params);
    }

    @Override
    public Dataset create(Params params) {
      if (params.get(PATH).equals("/missing")) {
        throw new ConfigException(ConfigError.of("path", "no such file '/missing'"));
      }
      return new Dataset() {
        @Override
        public List<TensorSpec> specs() {
          return List.of();
        }

        @Override
        public int size(Split split) {
          return 1000; // at least the default batch of 64
        }

        @Override
        public Iterator<Batch> batches(Split split, int batchSize, long seed) {
          return List.<Batch>of().iterator();
        }

        @Override
        public Map<String, Double> modelHints() {
          return Map.of("num_classes", 7.0, "vocab_size", 50.0);
        }
      };
    }
  }

  /** Applies label_fraction itself; reports what it was given through modelHints(). */
  static final class OwnsLabelFraction implements DatasetFactory {
    static final Param<Double> LABEL_FRACTION = Param.number("label_fraction", 1, "labelled share");
    static final Param<Integer> LABEL_SEED = Param.integer("label_seed", 0, "seed");

    @Override
    public Descriptor descriptor() {
      return Descriptor.builder("test-owned")
          .summary("a dataset that keeps a labelled share itself")
          .params(LABEL_FRACTION, LABEL_SEED)
          .build();
    }

    @Override
    public Dataset create(Params params) {
      double f = params.get(LABEL_FRACTION);
      double s = params.get(LABEL_SEED);
      Dataset plain = new Data().create(Params.empty());
      return new Dataset() {
        @Override
        public List<TensorSpec> specs() {
          return plain.specs();
        }

        @Override
        public int size(Split split) {
          return plain.size(split);
        }

        @Override
        public Iterator<Batch> batches(Split split, int batchSize, long seed) {
          return plain.batches(split, batchSize, seed);
        }

        @Override
        public Map<String, Double> modelHints() {
          return Map.of("got_fraction", f, "got_seed", s);
        }
      };
    }
  }
}
