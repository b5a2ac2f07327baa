package dev.auxloss.config;

import com.google.inject.AbstractModule;
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
import dev.auxloss.api.loss.ParamSpec;
import dev.auxloss.api.loss.Role;
import dev.auxloss.api.model.ModelFactory;
import dev.auxloss.api.model.ModelFn;
import dev.auxloss.api.model.TensorSpec;
import dev.auxloss.api.params.Params;
import dev.auxloss.api.weighting.WeightingFactory;
import dev.auxloss.api.weighting.WeightingStrategy;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Tiny inline factories standing in for the domain modules: they check params and build nothing. */
public final class TestPlugins extends AbstractModule {
  static final AuxLoss NO_OPS = ctx -> { throw new UnsupportedOperationException("never built here"); };

  @Override
  protected void configure() {
    AuxLosses.contribute(binder(), "test.cross_entropy").toInstance(loss("test.cross_entropy", Role.PRIMARY, 1.0));
    AuxLosses.contribute(binder(), "test.aux_classifier").toInstance(loss("test.aux_classifier", Role.AUXILIARY, 0.3));
    AuxModels.contribute(binder(), "test-net").toInstance(new Net());
    AuxDatasets.contribute(binder(), "test-data").toInstance(new Data());
    AuxDatasets.contribute(binder(), "test-owned").toInstance(new OwnsLabelFraction());
    AuxWeightings.contribute(binder(), "static").toInstance(new Static());
  }

  static Registry registry() {
    return Registry.from(com.google.inject.Guice.createInjector(new TestPlugins()));
  }

  /** A loss reading one number param, {@code smoothing} in [0, 1). */
  static LossFactory loss(String key, Role role, double weight) {
    return new LossFactory() {
      @Override
      public LossDescriptor descriptor() {
        return new LossDescriptor(key, role, weight, "a test loss", "nobody 2024",
            List.of(ParamSpec.number("smoothing", 0, "label smoothing")));
      }

      @Override
      public AuxLoss create(Params params) {
        params.number("smoothing", 0, x -> x >= 0 && x < 1, "must be in [0, 1)");
        params.check(descriptor().params());
        return NO_OPS;
      }
    };
  }

  static final class Net implements ModelFactory {
    @Override
    public String summary() {
      return "a test network";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(ParamSpec.integer("num_classes", 10, "classes"), ParamSpec.integer("width", 8, "units"));
    }

    @Override
    public ModelFn create(Params params) {
      params.integer("num_classes", 10, x -> x > 1, "must be > 1");
      params.integer("width", 8, x -> x > 0, "must be > 0");
      params.check(params());
      return ctx -> {};
    }
  }

  /** Hints {@code num_classes} 7 and {@code vocab_size} 50 (which the test model does not declare). */
  static final class Data implements DatasetFactory {
    @Override
    public String summary() {
      return "a test dataset";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(ParamSpec.text("path", "", "where the files are"));
    }

    @Override
    public Dataset create(Params params) {
      String path = params.text("path", "");
      if (path.equals("/missing")) params.error("path", "no such file '/missing'");
      params.check(params());
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
    @Override
    public String summary() {
      return "a dataset that keeps a labelled share itself";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of(ParamSpec.number("label_fraction", 1, "labelled share"), ParamSpec.integer("label_seed", 0, "seed"));
    }

    @Override
    public Dataset create(Params params) {
      double f = params.number("label_fraction", 1);
      double s = params.number("label_seed", 0);
      params.check(params());
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

  static final class Static implements WeightingFactory {
    @Override
    public String summary() {
      return "fixed weights";
    }

    @Override
    public String paper() {
      return "";
    }

    @Override
    public List<ParamSpec> params() {
      return List.of();
    }

    @Override
    public WeightingStrategy create(Params params) {
      params.check();
      return ctx -> null;
    }
  }
}
